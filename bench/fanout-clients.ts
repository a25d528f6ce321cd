import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * The fan-out scenario's clients, raw y-protocols over `ws` so that one process can simulate hundreds:
 * N clients join one room; K of them type small inserts at `rate` per second, each followed by an
 * awareness (cursor) update as editors send; every client records when each insert reaches it.
 * Receivers decode updates without keeping a document (cheap); a few "full" clients keep a Y.Doc
 * to check convergence at the end.
 */
export interface FanoutOptions {
  /** Builds the WebSocket URL of client i. */
  url: (index: number) => string;
  clients: number;
  typists: number;
  /** Inserts a second per typist. */
  rate: number;
  durationMs: number;
  /** Clients that keep a full Y.Doc to check convergence. */
  fullClients?: number;
}

export interface FanoutResult {
  clients: number;
  typists: number;
  inserts: number;
  expectedDeliveries: number;
  delivered: number;
  lost: number;
  duplicated: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  deliveriesPerSecond: number;
  converged: boolean;
}

interface Sim {
  /** The typist number of this client, or -1: a client's own inserts are not deliveries. */
  self: number;
  ws: WebSocket;
  doc: Y.Doc | null;
  seen: Map<string, number>;
  ready: Promise<void>;
}

const MARK = /\|(\d+):(\d+):(\d+(?:\.\d+)?)\|/g;

export async function runFanout(options: FanoutOptions): Promise<FanoutResult> {
  const latencies: number[] = [];
  const sims: Sim[] = [];
  const full = options.fullClients ?? 2;
  for (let i = 0; i < options.clients; i++) {
    const typist = i - (options.clients - options.typists);
    sims.push(connect(options.url(i), i < full || typist >= 0, typist, latencies));
    // Joining in small waves, as a plenary does, keeps the accept queue sane.
    if (i % 50 === 49) await Promise.all(sims.slice(-50).map((sim) => sim.ready));
  }
  await Promise.all(sims.map((sim) => sim.ready));
  await sleep(500);

  const typists = sims.slice(options.clients - options.typists);
  const interval = 1000 / options.rate;
  let inserts = 0;
  const started = performance.now();
  await Promise.all(
    typists.map(async (sim, k) => {
      await sleep(Math.random() * interval);
      const awarenessClock = { value: 1 };
      for (let seq = 0; performance.now() - started < options.durationMs; seq++) {
        const next = started + (seq + 1) * interval;
        typeOne(sim, k, seq, awarenessClock);
        inserts += 1;
        await sleep(Math.max(0, next - performance.now()));
      }
    }),
  );
  const sendSeconds = (performance.now() - started) / 1000;
  // Let the last inserts arrive.
  const expected = inserts * (options.clients - 1);
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline && latencies.length < expected) await sleep(50);

  let duplicated = 0;
  let delivered = 0;
  for (const sim of sims) {
    for (const count of sim.seen.values()) {
      delivered += Math.min(count, 1);
      duplicated += Math.max(0, count - 1);
    }
  }
  const fullDocs = sims.filter((sim) => sim.doc).map((sim) => Y.encodeStateVector(sim.doc!).toString());
  const converged = fullDocs.every((vector) => vector === fullDocs[0]);
  for (const sim of sims) {
    sim.ws.terminate();
    sim.doc?.destroy();
  }
  latencies.sort((a, b) => a - b);
  const pick = (q: number): number =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! : Number.NaN;
  return {
    clients: options.clients,
    typists: options.typists,
    inserts,
    expectedDeliveries: expected,
    delivered,
    lost: expected - delivered,
    duplicated,
    p50: round(pick(0.5)),
    p95: round(pick(0.95)),
    p99: round(pick(0.99)),
    max: round(latencies.at(-1) ?? Number.NaN),
    deliveriesPerSecond: Math.round(delivered / sendSeconds),
    converged,
  };
}

function connect(url: string, keepDoc: boolean, self: number, latencies: number[]): Sim {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const doc = keepDoc ? new Y.Doc() : null;
  const sim: Sim = { self, ws, doc, seen: new Map(), ready: Promise.resolve() };
  sim.ready = new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      // Every client starts the protocol as y-websocket does: sync step 1.
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep1(encoder, doc ?? new Y.Doc());
      ws.send(encoding.toUint8Array(encoder));
      resolve();
    });
  });
  ws.on('message', (data: Buffer) => {
    const now = performance.now();
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== 0) return;
    const step = decoding.readVarUint(decoder);
    if (step === 0) return;
    const update = decoding.readVarUint8Array(decoder);
    if (doc) Y.applyUpdate(doc, update);
    for (const struct of Y.decodeUpdate(update).structs) {
      const content = (struct as Y.Item).content;
      if (!(content instanceof Y.ContentString)) continue;
      for (const match of content.str.matchAll(MARK)) {
        if (Number(match[1]) === sim.self) continue;
        const key = `${match[1]}:${match[2]}`;
        const count = sim.seen.get(key) ?? 0;
        sim.seen.set(key, count + 1);
        if (count === 0) latencies.push(now - Number(match[3]));
      }
    }
  });
  ws.on('error', () => {});
  return sim;
}

function typeOne(sim: Sim, k: number, seq: number, awarenessClock: { value: number }): void {
  const doc = sim.doc!;
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array): void => {
    update = u;
  };
  doc.on('update', capture);
  const text = doc.getText('bench');
  text.insert(Math.floor(Math.random() * (text.length + 1)) - 0, `|${k}:${seq}:${performance.now().toFixed(3)}|`);
  doc.off('update', capture);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, update!);
  sim.ws.send(encoding.toUint8Array(encoder));
  // The cursor moves with every keystroke.
  const state = JSON.stringify({ user: { name: `Delegation ${k}` }, cursor: { anchor: seq, head: seq } });
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, doc.clientID);
  encoding.writeVarUint(inner, awarenessClock.value++);
  encoding.writeVarString(inner, state);
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  sim.ws.send(encoding.toUint8Array(outer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
