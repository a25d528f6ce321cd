/**
 * `npm run bench:attacks`: the memory and latency attacks of the security issue, against the server
 * as a child process, with the figures an operator would watch: the server's RSS idle, at its peak
 * during each attack and after the attackers left; and how long an edit in another room takes to
 * arrive, with and without the attack running (a ratio against a baseline of the same run).
 *
 * Attacks: an observer sends 1,000 sync step 1s to a room holding a ~2 MB report and never reads;
 * 300 presence queries from a client that never reads; one delegate setting a 4 MB presence.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { importText, REPORT_FIELD, reportToYDoc } from '../schema/index';
import { SCHEMA_VERSION } from '../schema/yjs-shape';
import { signToken } from '../sync-server/auth/tokens';
import { SqliteStorage } from '../sync-server/storage/sqlite-storage';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'attack-bench';
const dataDir = mkdtempSync(join(tmpdir(), 'accord-attacks-'));

const token = (room: string, role: 'delegate' | 'observer', delegation?: string) =>
  signToken(SECRET, { room, role, ttlSeconds: 3600, ...(delegation ? { delegation } : {}) });
const url = (port: number, room: string, role: 'delegate' | 'observer', delegation?: string) =>
  `ws://127.0.0.1:${port}/ws/${room}?schema=${SCHEMA_VERSION}&token=${token(room, role, delegation)}`;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function start(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=4', join(ROOT, 'bin', 'accord.js'), 'serve', '--port', '0', '--data', dataDir],
    { env: { ...process.env, ACCORD_SECRET: SECRET, ACCORD_DEMO: 'off' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((found) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        try {
          const parsed = JSON.parse(line) as { event?: string; port?: number };
          if (parsed.event === 'server.start' && parsed.port) found(parsed.port);
        } catch {}
      }
    });
  });
  return { child, port };
}

function open(address: string): Promise<WebSocket> {
  return new Promise((opened, failed) => {
    const ws = new WebSocket(address);
    ws.on('error', () => {});
    ws.once('open', () => opened(ws));
    ws.once('close', () => failed(new Error('closed before opening')));
  });
}

const frame = (type: number, body: (encoder: encoding.Encoder) => void) => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  body(encoder);
  return encoding.toUint8Array(encoder);
};

/** Milliseconds for an edit in the `live` room to reach another client there (median of `count`). */
async function editLatency(port: number, count = 15): Promise<number> {
  const typist = connect(port, 'live', 'delegate', 'Peru');
  const reader = connect(port, 'live', 'observer');
  await Promise.all([synced(typist), synced(reader)]);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const arrived = new Promise<void>((done) => reader.doc.once('update', () => done()));
    const fragment = typist.doc.getXmlFragment(REPORT_FIELD);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(`edit ${i}`)]);
    fragment.insert(fragment.length, [paragraph]);
    await arrived;
    times.push(performance.now() - started);
  }
  for (const client of [typist, reader]) {
    client.provider.destroy();
    client.doc.destroy();
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

function connect(port: number, room: string, role: 'delegate' | 'observer', delegation?: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/ws`, room, doc, {
    params: { token: token(room, role, delegation), schema: String(SCHEMA_VERSION) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return { doc, provider };
}

function synced(client: { provider: WebsocketProvider }): Promise<void> {
  return new Promise((done) => {
    if (client.provider.synced) done();
    else client.provider.once('sync', () => done());
  });
}

const pause = (ms: number) => new Promise((resume) => setTimeout(resume, ms));

async function main(): Promise<void> {
  // A ~2 MB report in `big`, a small one in `live`.
  const storage = new SqliteStorage(join(dataDir, 'accord.db'));
  const lines = Array.from(
    { length: 6000 },
    (_, i) => `${i + 1}. ${'A considered sentence of the report. '.repeat(8)}`,
  );
  await storage.append('big', [Y.encodeStateAsUpdate(reportToYDoc(importText(lines.join('\n')).report))]);
  await storage.append('live', [Y.encodeStateAsUpdate(reportToYDoc(importText('1. Open.').report))]);
  await storage.close();
  const { child, port } = await start();
  const pid = child.pid!;
  const keeper = connect(port, 'big', 'observer');
  await synced(keeper);
  await pause(2000);
  const idle = rssMb(pid);
  const baseline = await editLatency(port);
  const results: Record<string, unknown> = { idleRssMb: idle, editLatencyBaselineMs: Math.round(baseline) };

  const measure = async (name: string, attack: () => Promise<WebSocket[]>) => {
    let peak = rssMb(pid);
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, 50);
    const sockets = await attack();
    const during = await editLatency(port);
    await pause(3000);
    const closedByServer = sockets.filter((ws) => ws.readyState !== WebSocket.OPEN).length;
    for (const ws of sockets) ws.terminate();
    await pause(5000);
    clearInterval(sampler);
    results[name] = {
      peakRssMb: peak,
      rssAfterMb: rssMb(pid),
      editLatencyDuringMs: Math.round(during),
      editLatencyRatio: Number((during / baseline).toFixed(2)),
      attackerConnectionsClosedByServer: `${closedByServer}/${sockets.length}`,
    };
  };

  await measure('step1x1000NotReading', async () => {
    const ws = await open(url(port, 'big', 'observer'));
    (ws as unknown as { _socket: Socket })._socket.pause();
    const empty = Y.encodeStateVector(new Y.Doc());
    for (let i = 0; i < 1000; i++)
      ws.send(
        frame(0, (encoder) => {
          encoding.writeVarUint(encoder, 0);
          encoding.writeVarUint8Array(encoder, empty);
        }),
      );
    return [ws];
  });
  await measure('presenceQueriesx300NotReading', async () => {
    const fillers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => open(url(port, 'big', 'delegate', `P${i}`))),
    );
    for (const [i, ws] of fillers.entries()) {
      const state = JSON.stringify({ note: 'x'.repeat(7000) });
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, 5_000_000 + i);
      encoding.writeVarUint(inner, 1);
      encoding.writeVarString(inner, state);
      ws.send(frame(1, (encoder) => encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner))));
    }
    const ws = await open(url(port, 'big', 'observer'));
    (ws as unknown as { _socket: Socket })._socket.pause();
    for (let i = 0; i < 300; i++) ws.send(frame(3, () => {}));
    return [...fillers, ws];
  });
  await measure('presence4MBx10', async () => {
    const ws = await open(url(port, 'big', 'delegate', 'Mallory'));
    for (let i = 0; i < 10; i++) {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, 6_000_000);
      encoding.writeVarUint(inner, i + 1);
      encoding.writeVarString(inner, JSON.stringify({ blob: 'x'.repeat(4 * 1024 * 1024) }));
      if (ws.readyState === WebSocket.OPEN)
        ws.send(frame(1, (encoder) => encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner))));
    }
    return [ws];
  });
  await pause(20_000);
  results.rssMinutesAfterAllAttacksMb = rssMb(pid);
  results.rssAfterVersusIdlePercent = Math.round(((rssMb(pid) - idle) / idle) * 100);
  console.log(JSON.stringify(results, null, 2));
  keeper.provider.destroy();
  child.kill('SIGTERM');
  process.exit(0);
}

void main();
