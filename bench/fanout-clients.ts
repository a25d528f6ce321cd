import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * The fan-out scenario's clients, raw y-protocols over `ws`, so one process simulates hundreds:
 * N clients join one room; K of them type small inserts at `rate` per second, each followed by an
 * awareness (cursor) update as editors send; every client records when each insert reaches it.
 * Receivers find inserts by their markers in the update bytes (no document, so the client process
 * stays cheap); two "verifier" clients keep a full Y.Doc to check convergence at the end.
 */
export type Protocol = 'y-websocket' | 'hocuspocus';

export interface FanoutOptions {
  /** Builds the WebSocket URL of client i. */
  url: (index: number) => string;
  protocol: Protocol;
  /** The document name (hocuspocus puts it in every message). */
  room: string;
  clients: number;
  typists: number;
  /** Inserts a second per typist. */
  rate: number;
  durationMs: number;
  /**
   * Where typists type: `paragraph` — a paragraph of their own at the end of the report (any server);
   * `agreement` — an agreement of their own in the report's agreement list (Accord, drafting);
   * `proposal` — the same agreement as their delegation's proposal, every character carrying its
   * insertion mark (Accord in negotiation mode). The room must hold an agreement list for the last two.
   */
  shape?: 'paragraph' | 'agreement' | 'proposal';
  /** The delegation name typist k's token carries (the `by` of its proposals). */
  delegation?: (index: number) => string;
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
  /** Connections the server closed during the run (refusals, limits): a run with any is not comparable. */
  closedByServer: number;
}

interface Sim {
  /** The typist number of this client, or -1: a client's own inserts are not deliveries. */
  self: number;
  /** The client's index among all clients (its token's delegation). */
  index: number;
  ws: WebSocket;
  doc: Y.Doc;
  verifier: boolean;
  seen: Map<string, number>;
  ready: Promise<void>;
  closed: boolean;
}

const VERIFIERS = 2;
const MARK = /\|(\d+):(\d+):(\d+\.\d+)\|/g;
const now = (): number => performance.timeOrigin + performance.now();

export async function runFanout(options: FanoutOptions): Promise<FanoutResult> {
  const latencies: number[] = [];
  const sims: Sim[] = [];
  for (let i = 0; i < options.clients; i++) {
    const typist = i - (options.clients - options.typists);
    sims.push(connect(options, i, typist, i < VERIFIERS, latencies));
    // Joining in waves, as a plenary does, keeps the accept queue sane.
    if (i % 50 === 49) await Promise.all(sims.slice(-50).map((sim) => sim.ready));
  }
  await Promise.all(sims.map((sim) => sim.ready));
  await sleep(1000);

  const typists = sims.slice(options.clients - options.typists);
  const interval = 1000 / options.rate;
  let inserts = 0;
  const started = performance.now();
  await Promise.all(
    typists.map(async (sim, k) => {
      await sleep(Math.random() * interval);
      const clock = { value: 1 };
      for (let seq = 0; performance.now() - started < options.durationMs; seq++) {
        const next = started + (seq + 1) * interval;
        if (typeOne(options, sim, k, seq, clock)) inserts += 1;
        await sleep(Math.max(0, next - performance.now()));
      }
    }),
  );
  const sendSeconds = (performance.now() - started) / 1000;
  const expected = inserts * (options.clients - 1);
  const deadline = performance.now() + 20_000;
  while (performance.now() < deadline && latencies.length < expected) await sleep(50);

  let duplicated = 0;
  let delivered = 0;
  for (const sim of sims) {
    for (const count of sim.seen.values()) {
      delivered += Math.min(count, 1);
      duplicated += Math.max(0, count - 1);
    }
  }
  const texts = sims.filter((sim) => sim.verifier).map((sim) => reportText(sim.doc));
  const converged = texts.every((text) => text === texts[0]) && texts[0]!.split('|').filter(Boolean).length === inserts;
  const closedByServer = sims.filter((sim) => sim.closed).length;
  for (const sim of sims) {
    sim.ws.terminate();
    sim.doc.destroy();
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
    closedByServer,
  };
}

/** One protocol message, with hocuspocus's document-name prefix when that is the protocol. */
function frame(options: FanoutOptions, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  if (options.protocol === 'hocuspocus') encoding.writeVarString(encoder, options.room);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function connect(options: FanoutOptions, index: number, self: number, verifier: boolean, latencies: number[]): Sim {
  const ws = new WebSocket(options.url(index), { perMessageDeflate: false });
  const sim: Sim = {
    self,
    index,
    ws,
    doc: new Y.Doc(),
    verifier,
    seen: new Map(),
    ready: Promise.resolve(),
    closed: false,
  };
  ws.on('close', () => {
    sim.closed = true;
  });
  sim.ready = new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      if (options.protocol === 'hocuspocus') {
        // Hocuspocus waits for an auth message (type 2, token) before anything else of a document.
        ws.send(
          frame(options, (e) => {
            encoding.writeVarUint(e, 2);
            encoding.writeVarUint(e, 0);
            encoding.writeVarString(e, 'bench');
          }),
        );
      }
      ws.send(
        frame(options, (e) => {
          encoding.writeVarUint(e, 0);
          syncProtocol.writeSyncStep1(e, sim.doc);
        }),
      );
      resolve();
    });
  });
  ws.on('message', (data: Buffer) => {
    const at = now();
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const decoder = decoding.createDecoder(bytes);
    if (options.protocol === 'hocuspocus') decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== 0) return;
    const step = decoding.readVarUint(decoder);
    if (step === 0) return;
    const update = decoding.readVarUint8Array(decoder);
    // Typists in a structured report need the report's structure to type into.
    if (sim.verifier || (sim.self >= 0 && (options.shape ?? 'paragraph') !== 'paragraph'))
      Y.applyUpdate(sim.doc, update);
    // Inserted strings are stored verbatim in the update: find the markers without decoding it.
    for (const match of Buffer.from(update.buffer, update.byteOffset, update.byteLength)
      .toString('latin1')
      .matchAll(MARK)) {
      if (Number(match[1]) === sim.self) continue;
      const key = `${match[1]}:${match[2]}`;
      const count = sim.seen.get(key) ?? 0;
      sim.seen.set(key, count + 1);
      if (count === 0) latencies.push(at - Number(match[3]));
    }
  });
  ws.on('error', () => {});
  return sim;
}

function typeOne(options: FanoutOptions, sim: Sim, k: number, seq: number, clock: { value: number }): boolean {
  const doc = sim.doc;
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array): void => {
    update = u;
  };
  doc.on('update', capture);
  // Each typist types in a paragraph of its own in the report (the shape Accord's server accepts), at
  // either end of its text, so markers stay whole and the final text can be counted.
  // One transaction: the paragraph (the first time) and the insert leave as one update.
  doc.transact(() => {
    const shape = options.shape ?? 'paragraph';
    const marker = `|${k}:${seq}:${now().toFixed(3)}|`;
    if (shape === 'paragraph') {
      const text = ownParagraphText(doc);
      text.insert(Math.random() < 0.5 ? 0 : text.length, marker);
      return;
    }
    const by = options.delegation?.(sim.index) ?? `Delegation ${k}`;
    const proposal = { id: `bench-${doc.clientID}`, by, at: '2026-12-03T00:00:00.000Z' };
    const text = ownAgreementText(doc, shape === 'proposal' ? proposal : null);
    if (!text) return;
    const at = Math.random() < 0.5 ? 0 : text.length;
    if (shape === 'proposal') text.insert(at, marker, { insertion: proposal });
    else text.insert(at, marker);
  });
  doc.off('update', capture);
  if (!update) return false;
  sim.ws.send(
    frame(options, (e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update!);
    }),
  );
  // The cursor moves with every keystroke, as in an editor.
  const state = JSON.stringify({
    user: { name: `Delegation ${k}`, color: '#1f77b4' },
    cursor: { anchor: seq, head: seq },
  });
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, doc.clientID);
  encoding.writeVarUint(inner, clock.value++);
  encoding.writeVarString(inner, state);
  sim.ws.send(
    frame(options, (e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    }),
  );
  return true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The typist's own paragraph's text, created at the end of the report on its first insert. */
function ownParagraphText(doc: Y.Doc): Y.XmlText {
  const fragment = doc.getXmlFragment('report');
  const mine = fragment
    .toArray()
    .find(
      (node): node is Y.XmlElement =>
        node instanceof Y.XmlElement && node._item?.id.client === doc.clientID && node.nodeName === 'paragraph',
    );
  if (mine) return mine.get(0) as Y.XmlText;
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  fragment.insert(fragment.length, [paragraph]);
  return text;
}

/**
 * The typist's own agreement's text, added at the end of the report's agreement list on its first
 * insert (as its delegation's proposal when `proposal` is given), or null before the list arrived.
 */
function ownAgreementText(doc: Y.Doc, proposal: Record<string, string> | null): Y.XmlText | null {
  const list = doc
    .getXmlFragment('report')
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'agreementList');
  if (!list) return null;
  const mine = list
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node._item?.id.client === doc.clientID);
  if (mine) return (mine.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const agreement = new Y.XmlElement('agreement');
  agreement.setAttribute('id', `a${doc.clientID}`);
  if (proposal) agreement.setAttribute('insertion', proposal as unknown as string);
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  agreement.insert(0, [paragraph]);
  list.insert(list.length, [agreement]);
  return text;
}

/** A room for the structured shapes: one agreement list holding one agreement, as a report has. */
export function seedUpdate(): Uint8Array {
  const doc = new Y.Doc();
  const list = new Y.XmlElement('agreementList');
  const agreement = new Y.XmlElement('agreement');
  agreement.setAttribute('id', 'seed');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('Open the meeting.')]);
  agreement.insert(0, [paragraph]);
  list.insert(0, [agreement]);
  doc.getXmlFragment('report').insert(0, [list]);
  return Y.encodeStateAsUpdate(doc);
}

/** Every paragraph's text, in document order (agreements' too). */
function reportText(doc: Y.Doc): string {
  const texts: string[] = [];
  const visit = (node: Y.XmlElement | Y.XmlFragment): void => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText)
        texts.push(
          (child.toDelta() as { insert: unknown }[])
            .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
            .join('')
            .replace('Open the meeting.', ''),
        );
      else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment('report'));
  return texts.join('');
}
