import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportText, yDocToReport } from '../schema/index';
import { signToken } from '../sync-server/auth/tokens';
import { SqliteStorage } from '../sync-server/storage/sqlite-storage';
import {
  appendParagraph,
  connectClient,
  connectSynced,
  destroyAllClients,
  typeInFirstParagraph,
  whenSynced,
} from './helpers/clients';
import { eventually } from './helpers/eventually';
import { rawConnect, syncStep1Message } from './helpers/raw-client';
import { seedRoom, startTestServer, TEST_SECRET, type TestServer } from './helpers/test-server';

const REPORT_TEXT = ['The meeting agreed:', '', '1. Open the meeting.', 'a. with thanks;', '2. Close it.'].join('\n');

let servers: TestServer[] = [];
afterEach(async () => {
  destroyAllClients();
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
});

async function server(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const started = await startTestServer(options);
  servers.push(started);
  return started;
}

/** The document updates a raw client received (sync step 2 and update messages), and how many step 2s. */
function received(messages: Uint8Array[]): { updates: Uint8Array[]; steps2: number; bytes: number } {
  const updates: Uint8Array[] = [];
  let steps2 = 0;
  for (const message of messages) {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== 0) continue;
    const kind = decoding.readVarUint(decoder);
    if (kind === 0) continue;
    if (kind === 1) steps2 += 1;
    updates.push(decoding.readVarUint8Array(decoder));
  }
  return { updates, steps2, bytes: updates.reduce((sum, update) => sum + update.byteLength, 0) };
}

/** Connects a fresh raw client, asks for everything, and returns the report it ends with and the bytes it got. */
async function joinCold(s: TestServer, room: string): Promise<{ text: string; bytes: number }> {
  const raw = await rawConnect(`${s.wsUrl}/${room}?token=${s.token(room, 'delegate', 'Belize')}`);
  raw.send(syncStep1Message(new Y.Doc()));
  // What storage held, sent at once as updates, then the room's one answer to the step 1.
  await eventually(() => expect(received(raw.messages).steps2).toBe(1));
  const fresh = new Y.Doc();
  const { updates, bytes } = received(raw.messages);
  for (const update of updates) Y.applyUpdate(fresh, update);
  raw.ws.close();
  await eventually(async () => expect((await health(s)).rooms).toBe(0));
  return { text: exportText(yDocToReport(fresh)), bytes };
}

async function health(s: TestServer): Promise<{ ok: boolean; rooms: number; version: string }> {
  return (await fetch(`${s.url}/healthz`)).json() as Promise<{ ok: boolean; rooms: number; version: string }>;
}

describe('sync over the y-websocket protocol', () => {
  it('three clients converge, and a late joiner receives the full state', async () => {
    const s = await server();
    const [a, b, c] = await Promise.all(
      ['Belize', 'Canada', 'Mexico'].map((name) =>
        connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', name)),
      ),
    );
    appendParagraph(a!.doc, 'From Belize.');
    appendParagraph(b!.doc, 'From Canada.');
    appendParagraph(c!.doc, 'From Mexico.');
    await eventually(() => {
      const text = a!.text();
      expect(text).toContain('From Belize.');
      expect(text).toContain('From Canada.');
      expect(text).toContain('From Mexico.');
      expect(b!.text()).toBe(text);
      expect(c!.text()).toBe(text);
    });
    const late = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'observer'));
    expect(late.text()).toBe(a!.text());
  });

  it('awareness reaches the others, named by the token’s delegation', async () => {
    const s = await server();
    const canada = await connectSynced(s.wsUrl, 'room', s.token('room', 'delegate', 'Canada'));
    const mexico = await connectSynced(s.wsUrl, 'room', s.token('room', 'delegate', 'Mexico'));
    canada.provider.awareness.setLocalStateField('user', { name: 'Canada' });
    canada.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 4 });
    await eventually(() => {
      const seen = mexico.provider.awareness.getStates().get(canada.doc.clientID);
      expect(seen?.user).toMatchObject({ name: 'Canada', role: 'delegate', delegation: 'Canada' });
      expect(seen?.cursor).toEqual({ anchor: 1, head: 4 });
    });
  });

  it('a forged awareness name is relayed as the token’s delegation, not the claimed one', async () => {
    const s = await server();
    const canada = await connectSynced(s.wsUrl, 'room', s.token('room', 'delegate', 'Canada'));
    const mexico = await connectSynced(s.wsUrl, 'room', s.token('room', 'delegate', 'Mexico'));
    canada.provider.awareness.setLocalStateField('user', { name: 'Mexico', color: '#000000' });
    await eventually(() => {
      const seen = mexico.provider.awareness.getStates().get(canada.doc.clientID);
      expect(seen?.user?.name).toBe('Canada');
      expect(seen?.user?.color).not.toBe('#000000');
    });
  });

  it('a presence disappears when its client leaves', async () => {
    const s = await server();
    const canada = await connectSynced(s.wsUrl, 'room', s.token('room', 'delegate', 'Canada'));
    const mexico = await connectSynced(s.wsUrl, 'room', s.token('room', 'delegate', 'Mexico'));
    canada.provider.awareness.setLocalStateField('user', { name: 'Canada' });
    const id = canada.doc.clientID;
    await eventually(() => expect(mexico.provider.awareness.getStates().has(id)).toBe(true));
    canada.destroy();
    await eventually(() => expect(mexico.provider.awareness.getStates().has(id)).toBe(false));
  });
});

describe('durability', () => {
  it('a restart on the same data directory keeps everything', async () => {
    const first = await server();
    const client = await connectSynced(first.wsUrl, 'report', first.token('report', 'secretariat'));
    for (let i = 0; i < 50; i++) typeInFirstParagraph(client.doc, `w${i} `);
    const expected = client.text();
    const watcher = await connectSynced(first.wsUrl, 'report', first.token('report', 'observer'));
    await eventually(() => expect(watcher.text()).toBe(expected));
    destroyAllClients();
    await first.stop();
    servers = servers.filter((s) => s !== first);

    const second = await server({ dataDir: first.dataDir });
    const reader = await connectSynced(second.wsUrl, 'report', second.token('report', 'observer'));
    expect(reader.text()).toBe(expected);
  });

  it('a room unloads when its last client leaves and reloads intact', async () => {
    const s = await server();
    const client = await connectSynced(s.wsUrl, 'unload-me', s.token('unload-me', 'delegate', 'Panama'));
    appendParagraph(client.doc, 'Kept across unloading.');
    const expected = client.text();
    await eventually(async () => expect((await health(s)).rooms).toBe(1));
    client.destroy();
    await eventually(async () => expect((await health(s)).rooms).toBe(0));
    // Unloading compacted the log into a snapshot.
    const stored = await s.storage.load('unload-me');
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates).toEqual([]);
    const again = await connectSynced(s.wsUrl, 'unload-me', s.token('unload-me', 'observer'));
    expect(again.text()).toBe(expected);
  });

  it('a cold room stored as a snapshot is sent at once, never twice, and merges a returning client’s offline work', async () => {
    const s = await server();
    const first = await connectSynced(s.wsUrl, 'cold', s.token('cold', 'delegate', 'Panama'));
    for (let i = 0; i < 40; i++) appendParagraph(first.doc, `Paragraph ${i} of a report long enough to notice twice.`);
    const kept = Y.encodeStateAsUpdate(first.doc);
    const expected = first.text();
    await eventually(async () => expect((await s.storage.load('cold')).updates.length).toBeGreaterThan(0));
    first.destroy();
    await eventually(async () => expect((await health(s)).rooms).toBe(0));
    const snapshot = (await s.storage.load('cold')).snapshot!;

    // A new delegate: the whole report once, not once from storage and once more from the room.
    const cold = await joinCold(s, 'cold');
    expect(cold.text).toBe(expected);
    expect(cold.bytes).toBeLessThan(snapshot.byteLength * 1.2);

    // A delegate who kept the report (as the browser does) and wrote offline while the room was cold.
    const returning = new Y.Doc();
    Y.applyUpdate(returning, kept);
    appendParagraph(returning, 'Written offline.');
    const back = connectClient(s.wsUrl, 'cold', s.token('cold', 'delegate', 'Panama'), returning);
    await whenSynced(back);
    const watcher = await connectSynced(s.wsUrl, 'cold', s.token('cold', 'observer'));
    await eventually(() => expect(watcher.text()).toBe(back.text()));
    expect(watcher.text()).toContain('Written offline.');
  });

  it('a cold room stored as a log (as `accord import` leaves it) is sent once too', async () => {
    const s = await server();
    await seedRoom(s.storage, 'imported', REPORT_TEXT);
    const stored = await s.storage.load('imported');
    expect(stored.updates.length).toBeGreaterThan(0);
    const cold = await joinCold(s, 'imported');
    expect(cold.text).toBe(`${REPORT_TEXT}\n`);
    const storedBytes = stored.updates.reduce((sum, update) => sum + update.byteLength, 0);
    expect(cold.bytes).toBeLessThan(storedBytes * 1.2 + 100);
  });

  it('a revoked link to a cold room is sent nothing of the report', async () => {
    const s = await server();
    const first = await connectSynced(s.wsUrl, 'cold-secret', s.token('cold-secret', 'delegate', 'Panama'));
    appendParagraph(first.doc, 'Not for revoked eyes.');
    await eventually(async () => expect((await s.storage.load('cold-secret')).updates.length).toBeGreaterThan(0));
    first.destroy();
    await eventually(async () => expect((await health(s)).rooms).toBe(0));
    const claims = { room: 'cold-secret', role: 'delegate' as const, delegation: 'Belize', ttlSeconds: 3600 };
    const token = signToken(TEST_SECRET, claims);
    const { jti } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string };
    await s.storage.putRecord('invitation', jti, {
      id: jti,
      room: 'cold-secret',
      role: 'delegate',
      delegation: 'Belize',
      createdAt: new Date().toISOString(),
      revokedAt: new Date().toISOString(),
    });
    const raw = await rawConnect(`${s.wsUrl}/cold-secret?token=${token}`);
    raw.send(syncStep1Message(new Y.Doc()));
    expect(await raw.closed).toEqual({ code: 4403, reason: 'this invitation has been revoked' });
    expect(received(raw.messages).updates).toEqual([]);
  });

  it('compacts the log in the background as updates accumulate', async () => {
    const s = await server({ hub: { compactEvery: 20 } });
    const client = await connectSynced(s.wsUrl, 'busy', s.token('busy', 'delegate', 'Belize'));
    const watcher = await connectSynced(s.wsUrl, 'busy', s.token('busy', 'observer'));
    for (let i = 0; i < 60; i++) {
      typeInFirstParagraph(client.doc, `${i} `);
      await eventually(() => expect(watcher.text()).toBe(client.text()));
    }
    await eventually(async () => {
      const stored = await s.storage.load('busy');
      expect(stored.snapshot).not.toBeNull();
      expect(stored.updates.length).toBeLessThan(20);
    });
    const reopened = new SqliteStorage(join(s.dataDir, 'accord.db'));
    const stored = await reopened.load('busy');
    await reopened.close();
    expect(stored.snapshot).not.toBeNull();
  });

  it('/healthz answers ok with the version and the rooms in memory', async () => {
    const s = await server();
    expect(await health(s)).toMatchObject({ ok: true, rooms: 0, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});
