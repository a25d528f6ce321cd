import { join } from 'node:path';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStorage } from '../sync-server/storage/sqlite-storage';
import { appendParagraph, connectSynced, destroyAllClients, typeInFirstParagraph } from './helpers/clients';
import { eventually } from './helpers/eventually';
import { type RawClient, rawConnect, syncStep1Message, syncUpdateMessage } from './helpers/raw-client';
import { startTestServer, type TestServer } from './helpers/test-server';

let s: TestServer | undefined;
afterEach(async () => {
  destroyAllClients();
  await s?.stop();
  s = undefined;
});

/** Resolves when the server has answered past `answered` messages, or closed the socket. */
function answeredOrClosed(raw: RawClient, answered: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      raw.ws.off('message', check);
      raw.ws.off('close', done);
      resolve();
    };
    const check = (): void => {
      if (raw.messages.length > answered) done();
    };
    const timer = setTimeout(() => reject(new Error(`no answer and no close after ${what}`)), 5000);
    raw.ws.on('message', check);
    raw.ws.on('close', done);
    if (raw.messages.length > answered || raw.ws.readyState !== raw.ws.OPEN) done();
  });
}

function awarenessFrame(state: string): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, 12345);
  encoding.writeVarUint(inner, 1);
  encoding.writeVarString(inner, state);
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

describe('limits', () => {
  it('a message over the size limit closes that connection with 1009', async () => {
    s = await startTestServer({ hub: { limits: { maxMessageBytes: 1024 } as never } });
    const raw = await rawConnect(`${s.wsUrl}/big?token=${s.token('big', 'delegate', 'Peru')}`);
    raw.send(new Uint8Array(4096));
    expect((await raw.closed).code).toBe(1009);
  });

  it('more messages a second than allowed closes that connection with 4429, others carry on', async () => {
    s = await startTestServer({ hub: { limits: { messagesPerSecond: 10, messageBurst: 20 } as never } });
    const calm = await connectSynced(s.wsUrl, 'flood', s.token('flood', 'delegate', 'Chile'));
    const raw = await rawConnect(`${s.wsUrl}/flood?token=${s.token('flood', 'delegate', 'Peru')}`);
    for (let i = 0; i < 100; i++) raw.send(new Uint8Array([3]));
    expect(await raw.closed).toEqual({ code: 4429, reason: 'more than 10 messages a second' });
    appendParagraph(calm.doc, 'still here');
    const other = await connectSynced(s.wsUrl, 'flood', s.token('flood', 'observer'));
    await eventually(() => expect(other.text()).toContain('still here'));
  });

  it('the defaults let a paste of several hundred updates a second through', async () => {
    s = await startTestServer();
    const writer = await connectSynced(s.wsUrl, 'paste', s.token('paste', 'delegate', 'Chile'));
    const reader = await connectSynced(s.wsUrl, 'paste', s.token('paste', 'observer'));
    for (let i = 0; i < 800; i++) typeInFirstParagraph(writer.doc, 'x');
    await eventually(() => expect(reader.text()).toBe(`${'x'.repeat(800)}\n`));
    expect(writer.provider.wsconnected).toBe(true);
  });

  it('connections beyond the per-address limit are closed with 4429', async () => {
    s = await startTestServer({ hub: { limits: { connectionsPerIp: 3 } as never } });
    const url = `${s.wsUrl}/venue?token=${s.token('venue', 'observer')}`;
    const open = await Promise.all([rawConnect(url), rawConnect(url), rawConnect(url)]);
    const fourth = await rawConnect(url);
    expect((await fourth.closed).code).toBe(4429);
    open[0]!.ws.close();
    await open[0]!.closed;
    await eventually(async () => {
      const again = await rawConnect(url);
      expect(again.ws.readyState).toBe(again.ws.OPEN);
    });
  });

  it('rooms beyond the in-memory limit are asked to come back later (1013)', async () => {
    s = await startTestServer({ hub: { limits: { maxRooms: 1 } as never } });
    await rawConnect(`${s.wsUrl}/first?token=${s.token('first', 'observer')}`);
    await eventually(async () =>
      expect(((await (await fetch(`${s!.url}/healthz`)).json()) as { rooms: number }).rooms).toBe(1),
    );
    const second = await rawConnect(`${s.wsUrl}/second?token=${s.token('second', 'observer')}`);
    expect(await second.closed).toEqual({ code: 1013, reason: 'too many rooms open' });
  });
});

describe('bad input', () => {
  it.each([
    ['an empty frame', new Uint8Array([])],
    ['a truncated sync message', new Uint8Array([0, 2, 50, 1, 2])],
    ['an unknown sync step', new Uint8Array([0, 7, 0])],
    ['an update that does not decode', new Uint8Array([0, 2, 5, 255, 255, 255, 255, 255])],
    ['trailing bytes', new Uint8Array([3, 9, 9])],
    ['an awareness update that is not JSON', awarenessFrame('{not json')],
    ['an awareness state that is not an object', awarenessFrame('[1,2]')],
  ])('%s closes that connection with 4400 and a reason', async (_name, frame) => {
    s = await startTestServer();
    const raw = await rawConnect(`${s.wsUrl}/bad?token=${s.token('bad', 'delegate', 'Peru')}`);
    raw.send(frame);
    const closed = await raw.closed;
    expect(closed.code).toBe(4400);
    expect(closed.reason).not.toBe('');
  });

  it('a message type the server does not know is ignored', async () => {
    s = await startTestServer();
    const raw = await rawConnect(`${s.wsUrl}/newer?token=${s.token('newer', 'delegate', 'Peru')}`);
    raw.send(new Uint8Array([42, 1, 2, 3]));
    raw.send(new Uint8Array([3]));
    await eventually(() => expect(raw.messages.length).toBeGreaterThanOrEqual(1));
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
  });

  it('fuzz: thousands of random and mutated frames; the server survives, others keep syncing, the document still loads', async () => {
    s = await startTestServer({ hub: { limits: { messagesPerSecond: 100_000, messageBurst: 100_000 } as never } });
    const room = 'fuzz';
    const writer = await connectSynced(s.wsUrl, room, s.token(room, 'delegate', 'Chile'));
    const reader = await connectSynced(s.wsUrl, room, s.token(room, 'observer'));
    // Valid messages to mutate: real updates and awareness from a real document.
    const seedDoc = new Y.Doc();
    const seeds: Uint8Array[] = [];
    seedDoc.on('update', (update: Uint8Array) => seeds.push(syncUpdateMessage(update)));
    for (let i = 0; i < 20; i++) appendParagraph(seedDoc, `seed ${i}`);

    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);
    const frames = fc.sample(
      fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc
          .record({
            base: fc.constantFrom(...seeds),
            at: fc.nat(),
            byte: fc.integer({ min: 0, max: 255 }),
            cut: fc.nat(),
          })
          .map(({ base, at, byte, cut }) => {
            const copy = base.slice(0, Math.max(1, base.length - (cut % 4)));
            copy[at % copy.length] = byte;
            return copy;
          }),
        fc.constantFrom(...seeds),
      ),
      { numRuns: 3000, seed },
    );
    const probe = syncStep1Message(new Y.Doc());
    let raw: RawClient | null = null;
    let closes = 0;
    for (const [index, frame] of frames.entries()) {
      if (!raw || raw.ws.readyState !== raw.ws.OPEN) {
        if (raw) closes += 1;
        raw = await rawConnect(`${s.wsUrl}/${room}?token=${s.token(room, 'delegate', 'Fuzzer')}`);
      }
      // Each frame is followed by a sync-step-1 probe: the server has handled the frame once the
      // probe is answered or the connection closes, so every frame really reaches it.
      const answered = raw.messages.length;
      raw.send(frame);
      raw.send(probe);
      await answeredOrClosed(raw, answered, `seed ${seed}, frame ${index}: ${frame}`);
      if (index % 200 === 0) {
        typeInFirstParagraph(writer.doc, `${index} `);
        await eventually(() => expect(reader.text()).toBe(writer.text()), { timeout: 10_000 });
      }
    }
    expect(closes, `seed ${seed}`).toBeGreaterThan(10);
    typeInFirstParagraph(writer.doc, 'final');
    await eventually(() => expect(reader.text()).toBe(writer.text()));
    const expected = reader.text();

    destroyAllClients();
    raw?.ws.close();
    await s.stop();
    const storage = new SqliteStorage(join(s.dataDir, 'accord.db'));
    const stored = await storage.load(room);
    await storage.close();
    const doc = new Y.Doc();
    for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates)
      Y.applyUpdate(doc, update);
    s = await startTestServer({ dataDir: s.dataDir });
    const after = await connectSynced(s.wsUrl, room, s.token(room, 'observer'));
    expect(after.text()).toBe(expected);
  }, 120_000);
});
