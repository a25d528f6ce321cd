import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signToken } from '../sync-server/auth/tokens';
import { type FanoutResult, runFanout } from './fanout-clients';

/**
 * `npm run bench`: each server under test runs as its own process, driven from this one.
 * Prints one JSON line per run, then a table. Sizes: BENCH_SIZES="50x10,200x20" (N clients x K typists).
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-secret';

interface ServerUnderTest {
  name: string;
  start(): Promise<{ port: number; pid: number; stop(): Promise<void> }>;
  url(port: number, room: string, index: number): string;
}

const accord: ServerUnderTest = {
  name: 'accord (sqlite, auth)',
  async start() {
    const data = mkdtempSync(join(tmpdir(), 'accord-bench-'));
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'accord.js'), 'serve', '--port', '0', '--host', '127.0.0.1', '--data', data],
      {
        env: { ...process.env, ACCORD_SECRET: SECRET },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const port = await new Promise<number>((done, fail) => {
      child.once('exit', () => fail(new Error('accord exited')));
      child.stdout!.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) {
          if (line.includes('"server.start"')) done((JSON.parse(line) as { port: number }).port);
        }
      });
    });
    child.stdout!.resume();
    return {
      port,
      pid: child.pid!,
      stop: async () => {
        child.kill('SIGTERM');
        await new Promise((done) => child.once('exit', done));
      },
    };
  },
  url: (port, room, index) =>
    `ws://127.0.0.1:${port}/ws/${room}?token=${signToken(SECRET, { room, role: 'delegate', delegation: `D${index}`, ttlSeconds: 3600 })}`,
};

/** CPU seconds and peak RSS of a process, from /proc. */
function processStats(pid: number): { cpuSeconds: number; peakRssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const peak = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / 100, peakRssMb: Math.round(peak / 1024) };
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '50x10,200x20,500x10,1000x5')
    .split(',')
    .map((size) => size.split('x').map(Number) as [number, number]);
  const durationMs = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
  const rows: (FanoutResult & { server: string; cpuSeconds: number; peakRssMb: number })[] = [];
  for (const [clients, typists] of sizes) {
    for (const server of [accord]) {
      const running = await server.start();
      const before = processStats(running.pid);
      const room = `bench${clients}`;
      const result = await runFanout({
        url: (i) => server.url(running.port, room, i),
        clients,
        typists,
        rate: 5,
        durationMs,
      });
      const after = processStats(running.pid);
      await running.stop();
      const row = {
        server: server.name,
        ...result,
        cpuSeconds: Math.round((after.cpuSeconds - before.cpuSeconds) * 100) / 100,
        peakRssMb: after.peakRssMb,
      };
      rows.push(row);
      console.log(JSON.stringify({ scenario: 'fanout', ...row }));
    }
  }
  console.log(
    '\n| server | N | K | inserts | delivered/s | p50 ms | p95 ms | p99 ms | max ms | lost | dup | converged | CPU s | peak RSS MB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.server} | ${r.clients} | ${r.typists} | ${r.inserts} | ${r.deliveriesPerSecond} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.lost} | ${r.duplicated} | ${r.converged} | ${r.cpuSeconds} | ${r.peakRssMb} |`,
    );
  }
}

await main();
