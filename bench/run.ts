import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { SCHEMA_VERSION } from '../schema/yjs-shape';
import { signToken } from '../sync-server/auth/tokens';
import { type FanoutResult, type Protocol, runFanout, seedUpdate } from './fanout-clients';

/**
 * `npm run bench`: every server under test runs as its own process and is driven from this one, side
 * by side in the same run. Prints one JSON line per run, then a table of medians.
 *   BENCH_SIZES="50x10,200x20,500x10,1000x5"  N clients x K typists
 *   BENCH_SECONDS=10  typing time per run;  BENCH_RUNS=3  runs per size and server
 *   BENCH_SERVERS="accord,accord-negotiation,y-websocket-server,hocuspocus,ws-relay"
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-secret';

interface Running {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

interface ServerUnderTest {
  name: string;
  protocol: Protocol;
  start(): Promise<Running>;
  url(port: number, room: string, index: number): string;
  /** Where typists type (fanout-clients.ts); Accord's rows type into agreements of a report. */
  shape?: 'paragraph' | 'agreement' | 'proposal';
  /** Sets the room up before the clients join. */
  prepare?(port: number, room: string): Promise<void>;
}

/** Accord, as `npm start` runs it. */
const startAccord = () =>
  startProcess(
    [
      // As `npm start` runs it (see README: a young generation of 4 MB keeps memory flat).
      '--max-semi-space-size=4',
      join(ROOT, 'bin', 'accord.js'),
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data',
      mkdtempSync(join(tmpdir(), 'accord-bench-')),
    ],
    // All simulated delegates share one address, as a venue behind one router does.
    { ACCORD_SECRET: SECRET, ACCORD_CONNECTIONS_PER_IP: '5000' },
    portFromJson,
  );

const accordUrl = (port: number, room: string, index: number) =>
  `ws://127.0.0.1:${port}/ws/${room}?schema=${SCHEMA_VERSION}&token=${signToken(SECRET, { room, role: 'delegate', delegation: `Delegation ${index}`, ttlSeconds: 3600 })}`;

/** The secretariat writes the report's agreement list into the room, and sets its mode. */
async function prepareAccord(port: number, room: string, mode: 'drafting' | 'negotiation'): Promise<void> {
  const token = signToken(SECRET, { room, role: 'secretariat', ttlSeconds: 3600 });
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/${room}?schema=${SCHEMA_VERSION}&token=${token}`);
  await new Promise((opened) => ws.once('open', opened));
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, seedUpdate());
  ws.send(encoding.toUint8Array(encoder));
  // The server answers every update it stores by broadcasting it; a moment is enough for one update.
  await new Promise((settle) => setTimeout(settle, 300));
  ws.close();
  const response = await fetch(`http://127.0.0.1:${port}/api/rooms/${room}/mode`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  if (!response.ok) throw new Error(`setting the mode answered ${response.status}`);
}

function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  portOf: (line: string) => number | null,
): Promise<Running> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A bench that fails half-way must not leave servers running on the machine.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  return new Promise((done, fail) => {
    child.once('exit', (code) => fail(new Error(`${args.join(' ')} exited with ${code}`)));
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        const port = portOf(line);
        if (port) {
          child.removeAllListeners('exit');
          done({
            port,
            pid: child.pid!,
            stop: async () => {
              child.kill('SIGTERM');
              await new Promise((exited) => child.once('exit', exited));
            },
          });
        }
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
  });
}

const portFromJson = (line: string): number | null => {
  try {
    const parsed = JSON.parse(line) as { port?: number; event?: string };
    return parsed.port && (parsed.event === undefined || parsed.event === 'server.start') ? parsed.port : null;
  } catch {
    return null;
  }
};

const SERVERS: ServerUnderTest[] = [
  {
    name: 'accord',
    protocol: 'y-websocket',
    start: startAccord,
    url: accordUrl,
    shape: 'agreement',
    prepare: (port, room) => prepareAccord(port, room, 'drafting'),
  },
  {
    // The same typing in negotiation mode: every character a proposal, every update through the rule.
    name: 'accord-negotiation',
    protocol: 'y-websocket',
    start: startAccord,
    url: accordUrl,
    shape: 'proposal',
    prepare: (port, room) => prepareAccord(port, room, 'negotiation'),
  },
  {
    name: 'y-websocket-server',
    protocol: 'y-websocket',
    start: () => startProcess([join(ROOT, 'bench', 'servers', 'y-websocket-server.mjs')], {}, portFromJson),
    url: (port, room) => `ws://127.0.0.1:${port}/${room}`,
  },
  {
    name: 'hocuspocus',
    protocol: 'hocuspocus',
    start: () => startProcess([join(ROOT, 'bench', 'servers', 'hocuspocus-server.mjs')], {}, portFromJson),
    url: (port, room) => `ws://127.0.0.1:${port}/${room}`,
  },
  {
    name: 'ws-relay',
    protocol: 'y-websocket',
    start: () => startProcess([join(ROOT, 'bench', 'servers', 'ws-relay.mjs')], {}, portFromJson),
    url: (port, room) => `ws://127.0.0.1:${port}/${room}`,
  },
];

/** CPU seconds, current and peak RSS of a process, from /proc. */
function processStats(pid: number): { cpuSeconds: number; rssMb: number; peakRssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / 100, rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
}

type Row = FanoutResult & {
  server: string;
  cpuSeconds: number;
  cpuMsPer1kDeliveries: number;
  peakRssMb: number;
  idleRssMb: number;
  afterRssMb: number;
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '50x10,200x20,500x10,1000x5')
    .split(',')
    .map((size) => size.split('x').map(Number) as [number, number]);
  const durationMs = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const wanted = (process.env.BENCH_SERVERS ?? SERVERS.map((s) => s.name).join(',')).split(',');
  const rows: Row[] = [];
  for (const [clients, typists] of sizes) {
    for (let run = 0; run < runs; run++) {
      for (const server of SERVERS.filter((s) => wanted.includes(s.name))) {
        const running = await server.start();
        await new Promise((settle) => setTimeout(settle, 300));
        const idle = processStats(running.pid);
        const room = `bench${clients}x${typists}r${run}`;
        await server.prepare?.(running.port, room);
        const result = await runFanout({
          shape: server.shape ?? 'paragraph',
          delegation: (index) => `Delegation ${index}`,
          url: (i) => server.url(running.port, room, i),
          protocol: server.protocol,
          room,
          clients,
          typists,
          rate: 5,
          durationMs,
        });
        const busy = processStats(running.pid);
        // Everyone has left: give the server time to unload the room, then see what memory it keeps.
        await new Promise((settle) => setTimeout(settle, 3000));
        const after = processStats(running.pid);
        await running.stop();
        const cpuSeconds = Math.round((busy.cpuSeconds - idle.cpuSeconds) * 100) / 100;
        const row: Row = {
          server: server.name,
          ...result,
          cpuSeconds,
          cpuMsPer1kDeliveries: result.delivered
            ? Math.round((cpuSeconds * 1e6) / result.delivered) / 1000
            : Number.NaN,
          peakRssMb: busy.peakRssMb,
          idleRssMb: idle.rssMb,
          afterRssMb: after.rssMb,
        };
        rows.push(row);
        console.log(JSON.stringify({ scenario: 'fanout', run, ...row }));
      }
    }
  }
  console.log(
    `\nFan-out, medians of ${runs} run(s) of ${durationMs / 1000} s; latency in ms; CPU = server CPU seconds; RSS in MB.\n`,
  );
  console.log(
    '| server | N | K | inserts | delivered/s | p50 | p95 | p99 | max | lost | dup | converged | closed by server | CPU s | CPU ms/1k deliveries | peak RSS | idle → after RSS |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.clients}x${row.typists}|${row.server}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) {
    const m = (pick: (row: Row) => number) => median(group.map(pick));
    const r = group[0]!;
    console.log(
      `| ${r.server} | ${r.clients} | ${r.typists} | ${m((x) => x.inserts)} | ${m((x) => x.deliveriesPerSecond)} | ${m((x) => x.p50)} | ${m((x) => x.p95)} | ${m((x) => x.p99)} | ${m((x) => x.max)} | ${Math.max(...group.map((x) => x.lost))} | ${Math.max(...group.map((x) => x.duplicated))} | ${group.every((x) => x.converged)} | ${Math.max(...group.map((x) => x.closedByServer))} | ${m((x) => x.cpuSeconds)} | ${m((x) => x.cpuMsPer1kDeliveries)} | ${m((x) => x.peakRssMb)} | ${m((x) => x.idleRssMb)} → ${m((x) => x.afterRssMb)} |`,
    );
  }
}

await main();
