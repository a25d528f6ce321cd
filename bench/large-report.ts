import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as decoding from 'lib0/decoding';
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { EXPORT_FORMATS, FORMATS } from '../schema/formats/registry';
import { exportText, type Report } from '../schema/index';
import { SCHEMA_VERSION } from '../schema/yjs-shape';
import { signToken } from '../sync-server/auth/tokens';
import { launchChromium } from '../tests/helpers/browser';
import { largeReport, largeReportWithProposals } from './generate-report';
import { remoteTypists, syncStep1 } from './remote-typists';

/**
 * The large-report scenario: a generated 2,000-agreement report (about 300,000 characters; another
 * size with BENCH_AGREEMENTS, e.g. 300 for the interface's first typing target). Measures
 * the server's cold load from SQLite plus a full sync to a new client, and the time of every export.
 * With Chromium present (unless BENCH_BROWSER=0), also the time until the editor is editable and the
 * keystroke-to-paint latency while 20 remote clients type.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-secret';
const ROOM = 'large';
const runs = Number(process.env.BENCH_RUNS ?? 3);
const COUNT = Number(process.env.BENCH_AGREEMENTS ?? 2000);
/** Where the bench's own delegate types: the middle agreement. */
const MIDDLE = Math.ceil(COUNT / 2);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const percentile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const round = (value: number) => Math.round(value * 10) / 10;
/** `1.04×` of the baseline measured in the same run. */
const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}×`;
/** The same report with open proposals in every fourth agreement (500 of 2,000). */
const PROPOSALS_ROOM = 'large-proposals';
const PROPOSALS = Math.round(COUNT / 4);

async function main(): Promise<void> {
  const report = largeReport(COUNT);
  const characters = exportText(report).length;
  const results: Record<string, number | string> = { agreements: COUNT, characters };

  // Exports, in this process: the report, the same with its open proposals (clean, the default, and
  // the negotiation view), each against the plain report's time in the same run.
  const negotiated = largeReportWithProposals(COUNT, PROPOSALS);
  for (const format of EXPORT_FORMATS) {
    const time = async (what: Report, view: 'clean' | 'negotiation') => {
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        await FORMATS[format].write(what, { view });
        times.push(performance.now() - started);
      }
      return round(median(times));
    };
    const plain = await time(report, 'clean');
    results[`export_${format}_ms`] = plain;
    const clean = await time(negotiated, 'clean');
    results[`export_${format}_${PROPOSALS}_proposals_ms`] = `${clean} (${ratio(clean, plain)})`;
    const negotiation = await time(negotiated, 'negotiation');
    results[`export_${format}_${PROPOSALS}_proposals_negotiation_view_ms`] =
      `${negotiation} (${ratio(negotiation, plain)})`;
  }

  // Cold load from SQLite and full sync, against `accord serve` as its own process.
  const data = mkdtempSync(join(tmpdir(), 'accord-large-'));
  const file = join(data, 'large.json');
  writeFileSync(
    file,
    `${JSON.stringify({ format: 'accord-report', version: 1, settings: report.settings, doc: report.doc })}\n`,
  );
  await run(['import', file, '--room', ROOM, '--data', data]);
  const proposalsFile = join(data, 'large-proposals.json');
  writeFileSync(
    proposalsFile,
    `${JSON.stringify({ format: 'accord-report', version: 1, settings: negotiated.settings, doc: negotiated.doc })}\n`,
  );
  await run(['import', proposalsFile, '--room', PROPOSALS_ROOM, '--data', data]);
  const server = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'accord.js'), 'serve', '--port', '0', '--host', '127.0.0.1', '--data', data],
    {
      env: { ...process.env, ACCORD_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((done) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n'))
        if (line.includes('"server.start"')) done((JSON.parse(line) as { port: number }).port);
    });
  });
  const token = signToken(SECRET, { room: ROOM, role: 'observer', ttlSeconds: 3600 });
  const loads: { arrived: number; applied: number; bytes: number }[] = [];
  for (let i = 0; i < runs; i++) {
    await waitUntilUnloaded(port);
    loads.push(await fullSync(`ws://127.0.0.1:${port}/ws/${ROOM}?schema=${SCHEMA_VERSION}&token=${token}`));
  }
  // The first load runs in a fresh process (cold JIT); the others after the room unloaded again.
  results.first_cold_load_full_state_arrived_ms = round(loads[0]!.arrived);
  results.cold_load_full_state_arrived_ms = round(median(loads.map((load) => load.arrived)));
  results.client_apply_full_state_ms = round(median(loads.map((load) => load.applied)));
  results.update_bytes = loads[0]!.bytes.toString();
  const proposalLoads: number[] = [];
  const proposalsToken = signToken(SECRET, { room: PROPOSALS_ROOM, role: 'observer', ttlSeconds: 3600 });
  for (let i = 0; i < runs; i++) {
    await waitUntilUnloaded(port);
    proposalLoads.push(
      (await fullSync(`ws://127.0.0.1:${port}/ws/${PROPOSALS_ROOM}?schema=${SCHEMA_VERSION}&token=${proposalsToken}`))
        .arrived,
    );
  }
  const proposalsLoad = round(median(proposalLoads));
  results[`cold_load_${PROPOSALS}_proposals_ms`] =
    `${proposalsLoad} (${ratio(proposalsLoad, results.cold_load_full_state_arrived_ms as number)})`;

  if (process.env.BENCH_BROWSER !== '0' && existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'))
    Object.assign(results, await browser(port));
  server.kill('SIGTERM');
  console.log(JSON.stringify({ scenario: 'large-report', runs, ...results }));
  console.log('\n| measure | median |\n|---|---|');
  for (const [key, value] of Object.entries(results)) console.log(`| ${key} | ${value} |`);
}

function run(args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'accord.js'), ...args], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`accord ${args[0]} exited ${code}`))));
  });
}

async function waitUntilUnloaded(port: number): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { rooms: number };
    if (health.rooms === 0) return;
    await new Promise((settle) => setTimeout(settle, 100));
  }
}

/**
 * From opening a connection to the arrival of the whole report (what the server sends while the room
 * loads, or its sync step 2 once loaded: the cold load from SQLite, any encoding and the transfer),
 * the client's own time to apply it, and its size. Ends at the server's step 2, the answer to the
 * client's step 1.
 */
function fullSync(url: string): Promise<{ arrived: number; applied: number; bytes: number }> {
  const started = performance.now();
  return new Promise((done) => {
    const received: { at: number; update: Uint8Array }[] = [];
    const ws = new WebSocket(url);
    ws.on('open', () => ws.send(syncStep1(new Y.Doc())));
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== 0) return;
      const kind = decoding.readVarUint(decoder);
      if (kind === 0) return;
      received.push({ at: performance.now() - started, update: decoding.readVarUint8Array(decoder) });
      if (kind !== 1) return;
      ws.close();
      const whole = new Y.Doc();
      const applyStarted = performance.now();
      for (const { update } of received) Y.applyUpdate(whole, update);
      const applied = performance.now() - applyStarted;
      // The report has arrived with the first message after which the client holds all of it.
      const final = Buffer.from(Y.encodeStateVector(whole));
      const partial = new Y.Doc();
      let arrived = received.at(-1)!.at;
      for (const { at, update } of received) {
        Y.applyUpdate(partial, update);
        if (Buffer.from(Y.encodeStateVector(partial)).equals(final)) {
          arrived = at;
          break;
        }
      }
      whole.destroy();
      partial.destroy();
      done({ arrived, applied, bytes: received.reduce((sum, { update }) => sum + update.byteLength, 0) });
    });
  });
}

/**
 * In Chromium: time until the editor is editable, and keystroke-to-paint latency alone, while 20
 * remote clients type, and — the browser's own floor, measured in the same run — in a plain
 * contenteditable holding the same markup and styles without ProseMirror, React or Yjs.
 */
async function browser(port: number): Promise<Record<string, number | string>> {
  // The same Chromium and flags as the browser tests.
  const chrome = await launchChromium();

  const editable: number[] = [];
  const results: Record<string, number | string> = {};
  for (let i = 0; i < runs; i++) {
    const context = await chrome.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    editable.push(await openEditable(page, port, ROOM, `Bench ${i}`));
    if (i === runs - 1) {
      let crashed = false;
      page.on('crash', () => {
        crashed = true;
      });
      const measure = async (name: string, keys: number) => {
        try {
          const latencies = await keystrokeLatencies(page, keys);
          results[`${name}_p50_ms`] = round(percentile(latencies, 0.5));
          results[`${name}_p95_ms`] = round(percentile(latencies, 0.95));
        } catch (error) {
          // Reported, not hidden: the table says the measurement failed and why.
          results[name] =
            `not measured: ${crashed ? 'the editor tab crashed' : (error as Error).message.split('\n')[0]}`;
        }
      };
      await measure('keystroke_to_paint', KEYS);
      const typists = await remoteTypists(port, { room: ROOM, secret: SECRET, agreements: COUNT }, REMOTE_TYPISTS);
      try {
        await measure('keystroke_to_paint_with_remote_typists', KEYS);
      } finally {
        typists.stop();
      }
      // Negotiation mode: every keystroke becomes a proposal in the editor and passes the server's rule.
      await setMode(port, 'negotiation');
      await page.waitForSelector('.banner.negotiation');
      await measure('keystroke_to_paint_negotiation', KEYS);
      const proposing = await remoteTypists(
        port,
        { room: ROOM, secret: SECRET, agreements: COUNT },
        REMOTE_TYPISTS,
        true,
      );
      try {
        await measure('keystroke_to_paint_negotiation_with_remote_typists', KEYS);
      } finally {
        proposing.stop();
      }
      await setMode(port, 'drafting');
      // "Who wrote what": the time to turn it on (writers fetched, every run of the report coloured),
      // then keystrokes with it on. Off by default; these figures say what turning it on costs.
      try {
        results.who_wrote_what_on_ms = round(
          await page.evaluate(async () => {
            const started = performance.now();
            const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Who wrote what')!;
            button.click();
            while (!document.querySelector('.report-editor .authored'))
              await new Promise((next) => requestAnimationFrame(next));
            return performance.now() - started;
          }),
        );
        await measure('keystroke_to_paint_who_wrote_what', KEYS);
        await page.evaluate(() =>
          [...document.querySelectorAll('button')].find((b) => b.textContent === 'Who wrote what')!.click(),
        );
      } catch (error) {
        results.who_wrote_what = `not measured: ${(error as Error).message.split('\n')[0]}`;
      }
      // The floor: the same markup and styles, contenteditable, with nothing of Accord running.
      await page.evaluate(() => {
        const html = document.querySelector('.report-editor')!.outerHTML;
        document.body.innerHTML = `<main class="document">${html}</main>`;
      });
      await measure('keystroke_to_paint_plain_contenteditable', KEYS);
      // The floor with others typing: the same page while the 20 remote typists' letters land in
      // their agreements as the editor shows them (4 letters every 40 ms, remote-batch.ts) — a page
      // that shows others' changes draws frames to the display's beat, and a keystroke waits for
      // the next one. Carets are not drawn here, so this floor is lower than the editor's task.
      await page.evaluate(
        ({ typists, spread }) => {
          let next = 0;
          const timer = setInterval(() => {
            for (let i = 0; i < 4; i++, next = (next + 1) % typists) {
              const paragraph = document.querySelector(`li[data-label="${next * spread + 1}."] > .item-body > p`);
              paragraph?.insertBefore(document.createTextNode('y'), paragraph.firstChild);
            }
          }, 40);
          (window as unknown as { remoteTimer: ReturnType<typeof setInterval> }).remoteTimer = timer;
        },
        { typists: REMOTE_TYPISTS, spread: Math.max(1, Math.floor(COUNT / (2 * REMOTE_TYPISTS))) },
      );
      await measure('keystroke_to_paint_plain_contenteditable_with_remote_changes', KEYS);
      await page.evaluate(() =>
        clearInterval((window as unknown as { remoteTimer: ReturnType<typeof setInterval> }).remoteTimer),
      );
    }
    await context.close();
  }
  // The same report with its open proposals, opened as often.
  const editableWithProposals: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await chrome.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    editableWithProposals.push(await openEditable(page, port, PROPOSALS_ROOM, `Bench ${i}`));
    await context.close();
  }
  await chrome.close();
  // The figures: each keystroke p95 against the browser's floor measured in this run.
  const p95 = (name: string) => results[`keystroke_to_paint_${name}p95_ms`];
  const against = (name: string, floor: string) => {
    const value = p95(name);
    const base = p95(floor);
    if (typeof value === 'number' && typeof base === 'number')
      results[`ratio_${(name || 'alone_').slice(0, -1)}_p95_vs_${floor.slice(0, -1)}`] = ratio(value, base);
  };
  against('', 'plain_contenteditable_');
  against('with_remote_typists_', 'plain_contenteditable_');
  against('with_remote_typists_', 'plain_contenteditable_with_remote_changes_');
  const opened = median(editable);
  return {
    editable_in_chromium_ms: opened,
    [`editable_${PROPOSALS}_proposals_ms`]: `${median(editableWithProposals)} (${ratio(median(editableWithProposals), opened)})`,
    ...results,
  };
}

/** Milliseconds from navigating to a room until every label is shown and the text is editable. */
async function openEditable(page: Page, port: number, room: string, delegation: string): Promise<number> {
  const token = signToken(SECRET, { room, role: 'delegate', delegation, ttlSeconds: 3600 });
  const started = Date.now();
  await page.goto(`http://127.0.0.1:${port}/r/${room}#token=${token}`);
  await page.waitForFunction(
    (count) =>
      document.querySelectorAll('li[data-label]').length > count &&
      document.querySelector('.report-editor')?.getAttribute('contenteditable') === 'true',
    COUNT,
    { timeout: 60_000 },
  );
  return Date.now() - started;
}

/** Keys measured each time (p95 is the 6th slowest of 120), and the other delegations typing meanwhile. */
const KEYS = Number(process.env.BENCH_KEYS ?? 120);
const REMOTE_TYPISTS = Number(process.env.BENCH_REMOTE_TYPISTS ?? 20);
/** Keys typed and not counted before each keystroke measurement. */
const WARM_UP_KEYS = 10;

/** Types `keys` characters into the middle agreement, 50 ms apart (after a warm-up); each latency runs from keydown to the next painted frame. */
async function keystrokeLatencies(page: Page, keys: number): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { keyLatencies: number[]; keyListener?: boolean };
    w.keyLatencies = [];
    if (w.keyListener) return;
    w.keyListener = true;
    document.addEventListener(
      'keydown',
      () => {
        const t0 = performance.now();
        // After the next frame has been produced: the keystroke is on screen.
        requestAnimationFrame(() => setTimeout(() => w.keyLatencies.push(performance.now() - t0), 0));
      },
      true,
    );
  });
  await page.locator(`li[data-label="${MIDDLE}."] > .item-body > p`).click({ timeout: 10_000 });
  // Warm-up, the same for the editor and the plain baseline: the first keys of a page compile its
  // typing path and measure that, not typing.
  for (let k = 0; k < WARM_UP_KEYS; k++) {
    await page.keyboard.type('x');
    await new Promise((settle) => setTimeout(settle, 50));
  }
  await page.evaluate(() => {
    (window as unknown as { keyLatencies: number[] }).keyLatencies = [];
  });
  for (let k = 0; k < keys; k++) {
    await page.keyboard.type('x');
    await new Promise((settle) => setTimeout(settle, 50));
  }
  const latencies = await page.evaluate(() => (window as unknown as { keyLatencies: number[] }).keyLatencies);
  if (latencies.length === 0) throw new Error('no keystrokes recorded');
  return latencies;
}

async function setMode(port: number, mode: 'drafting' | 'negotiation'): Promise<void> {
  const token = signToken(SECRET, { room: ROOM, role: 'secretariat', ttlSeconds: 3600 });
  const response = await fetch(`http://127.0.0.1:${port}/api/rooms/${ROOM}/mode`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  if (!response.ok) throw new Error(`setting the mode answered ${response.status}`);
}

await main();
