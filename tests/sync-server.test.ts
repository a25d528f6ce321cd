import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../sync-server/storage/sqlite-storage';
import { appendParagraph, connectSynced, destroyAllClients, typeInFirstParagraph } from './helpers/clients';
import { eventually } from './helpers/eventually';
import { startTestServer, type TestServer } from './helpers/test-server';

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
