import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceMapConsumer } from 'source-map-js';
import { signToken } from '../sync-server/auth/tokens';
import { launchChromium } from '../tests/helpers/browser';
import { largeReport } from './generate-report';
import { remoteTypists } from './remote-typists';

/**
 * Where a keystroke's time goes in the editor (`npm run bench:profile`, BENCH_AGREEMENTS=2000 by
 * default): a report of that many agreements opened in Chromium, 60 keys typed into its middle agreement
 * 50 ms apart under Chromium's sampling profiler, then the functions with the most self time, and each
 * keystroke's latency (keydown to the next painted frame) beside the same page as plain
 * contenteditable. BENCH_REMOTE_TYPISTS=20 profiles it while 20 other delegations type and move their
 * carets. A tool for "profile first", not a figure to compare across machines.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-secret';
const COUNT = Number(process.env.BENCH_AGREEMENTS ?? 2000);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

async function main(): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'accord-profile-'));
  const file = join(data, 'report.json');
  const report = largeReport(COUNT);
  writeFileSync(
    file,
    JSON.stringify({ format: 'accord-report', version: 1, settings: report.settings, doc: report.doc }),
  );
  await new Promise<void>((done, fail) =>
    spawn(process.execPath, [join(ROOT, 'bin', 'accord.js'), 'import', file, '--room', 'profile', '--data', data], {
      stdio: 'inherit',
    }).on('exit', (code) => (code === 0 ? done() : fail(new Error(`import exited ${code}`)))),
  );
  const server = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'accord.js'), 'serve', '--port', '0', '--host', '127.0.0.1', '--data', data],
    { env: { ...process.env, ACCORD_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((done) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n'))
        if (line.includes('"server.start"')) done((JSON.parse(line) as { port: number }).port);
    });
  });
  const chrome = await launchChromium();
  try {
    const page = await (await chrome.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const token = signToken(SECRET, { room: 'profile', role: 'delegate', delegation: 'Profiler', ttlSeconds: 3600 });
    await page.goto(`http://127.0.0.1:${port}/r/profile#token=${token}`);
    await page.waitForFunction(
      (count) =>
        document.querySelectorAll('li[data-label]').length >= count &&
        document.querySelector('.report-editor')?.getAttribute('contenteditable') === 'true',
      COUNT,
      { timeout: 60_000 },
    );
    const middle = Math.ceil(COUNT / 2);
    const typists = await remoteTypists(
      port,
      { room: 'profile', secret: SECRET, agreements: COUNT },
      Number(process.env.BENCH_REMOTE_TYPISTS ?? 0),
    );
    const type = async () => {
      await page.evaluate(() => {
        const w = window as unknown as { keyLatencies: number[]; keyListener?: boolean };
        w.keyLatencies = [];
        if (w.keyListener) return;
        w.keyListener = true;
        document.addEventListener(
          'keydown',
          () => {
            const t0 = performance.now();
            requestAnimationFrame(() => setTimeout(() => w.keyLatencies.push(performance.now() - t0), 0));
          },
          true,
        );
      });
      await page.locator(`li[data-label="${middle}."] > .item-body > p`).click();
      for (let k = 0; k < 60; k++) {
        await page.keyboard.type('x');
        await new Promise((settle) => setTimeout(settle, 50));
      }
      return page.evaluate(() => (window as unknown as { keyLatencies: number[] }).keyLatencies);
    };
    const cdp = await page.context().newCDPSession(page);
    // The browser's own work per keystroke (style, layout, paint), from a trace of a first round of typing.
    const events: { name: string; dur?: number; ph: string; args?: { data?: { type?: string } } }[] = [];
    // playwright-core's types list only a few CDP events; these are Chromium's own.
    const on = cdp as unknown as {
      on(event: string, listener: (params: never) => void): void;
      once(event: string, listener: () => void): void;
    };
    on.on('Tracing.dataCollected', ({ value }: { value: typeof events }) => {
      events.push(...value);
    });
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
      transferMode: 'ReportEvents',
    });
    await type();
    const traced = new Promise<void>((done) => on.once('Tracing.tracingComplete', () => done()));
    await cdp.send('Tracing.end');
    await traced;
    const byEvent = new Map<string, { ms: number; count: number }>();
    for (const event of events) {
      if (event.ph !== 'X' || !event.dur) continue;
      const name = event.args?.data?.type ? `${event.name} ${event.args.data.type}` : event.name;
      const entry = byEvent.get(name) ?? { ms: 0, count: 0 };
      entry.ms += event.dur / 1000;
      entry.count += 1;
      byEvent.set(name, entry);
    }
    console.log('\ntrace of 60 keys (complete events, nested ones counted in their parents too):');
    for (const [name, { ms, count }] of [...byEvent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 18))
      console.log(`${ms.toFixed(1).padStart(8)} ms  ${String(count).padStart(5)}×  ${name}`);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const latencies = await type();
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
      profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    };
    const self = new Map<number, number>();
    profile.samples.forEach((id, index) => {
      self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
    });
    const byFunction = new Map<string, number>();
    const maps = new Map<string, SourceMapConsumer | null>();
    // The editor is minified: each frame is named by its place in the sources (the build's source map).
    const original = (url: string, line: number, column: number): string | null => {
      const file = url.split('/').pop() ?? '';
      if (!maps.has(file)) {
        const path = join(ROOT, 'dist', 'editor', 'assets', `${file}.map`);
        maps.set(file, file && existsSync(path) ? new SourceMapConsumer(JSON.parse(readFileSync(path, 'utf8'))) : null);
      }
      const position = maps.get(file)?.originalPositionFor({ line: line + 1, column });
      if (!position?.source) return null;
      return `${position.source.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '')}:${position.line}`;
    };
    // Each profile node named once: the function and its place in the sources.
    const keyOf = new Map<number, string>();
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber, columnNumber } = node.callFrame;
      const key = `${functionName || '(anonymous)'} ${original(url, lineNumber, columnNumber) ?? `${url.split('/').pop()}:${lineNumber + 1}`}`;
      keyOf.set(node.id, key);
      byFunction.set(key, (byFunction.get(key) ?? 0) + (self.get(node.id) ?? 0) / 1000);
    }
    // Inclusive time: each sample counted once for every distinct function on its stack, so the
    // callers that own a keystroke's work (ProseMirror's input handling, a plugin, React) show up whole.
    const parentOf = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const inclusive = new Map<string, number>();
    profile.samples.forEach((id, index) => {
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) seen.add(keyOf.get(at)!);
      for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
    });
    const total = [...byFunction.values()].reduce((sum, ms) => sum + ms, 0);
    console.log(`\n${COUNT} agreements, 60 keys: ${Math.round(total)} ms sampled\n`);
    for (const [name, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30))
      console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
    console.log('\nInclusive (the function and what it called):');
    for (const [name, ms] of [...inclusive]
      .filter(([name]) => !name.startsWith('(root)') && !name.startsWith('(program)') && !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(process.env.BENCH_INCLUSIVE ?? 60)))
      console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
    console.log(`\nkeystroke-to-paint p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
    console.log(`latencies: ${latencies.map((value) => Math.round(value)).join(' ')}`);
    await page.evaluate(() => {
      const html = document.querySelector('.report-editor')!.outerHTML;
      document.body.innerHTML = `<main class="document">${html}</main>`;
    });
    typists.stop();
    const plain = [...(await type())].sort((a, b) => a - b);
    const plainAt = (q: number) => plain[Math.min(plain.length - 1, Math.floor(q * plain.length))]!.toFixed(1);
    console.log(`plain contenteditable p50 ${plainAt(0.5)} ms, p95 ${plainAt(0.95)} ms`);
  } finally {
    await chrome.close();
    server.kill('SIGTERM');
  }
}

await main();
