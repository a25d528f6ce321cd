import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../sync-server/storage/memory-storage';
import type { StoredRoom } from '../sync-server/storage/storage';
import { appendParagraph, connectClient, connectSynced, destroyAllClients } from './helpers/clients';
import { eventually, waitFor } from './helpers/eventually';
import { startTestServer, type TestServer } from './helpers/test-server';

/** Memory storage whose disk can "fail" on demand: the failure an operator meets, not a mock of Accord. */
class FlakyStorage extends MemoryStorage {
  failAppends = false;
  failLoads = false;
  override async append(room: string, updates: Uint8Array[]): Promise<number> {
    if (this.failAppends) throw new Error('disk full');
    return super.append(room, updates);
  }
  override async load(room: string): Promise<StoredRoom> {
    if (this.failLoads) throw new Error('disk unreadable');
    return super.load(room);
  }
}

let s: TestServer;
afterEach(async () => {
  destroyAllClients();
  await s?.stop();
});

describe('when storage fails', () => {
  it('updates are not broadcast until stored, and nothing is lost once storage recovers', async () => {
    const storage = new FlakyStorage();
    s = await startTestServer({ storage });
    const writer = await connectSynced(s.wsUrl, 'room', s.token('room', 'delegate', 'Chile'));
    const reader = await connectSynced(s.wsUrl, 'room', s.token('room', 'observer'));
    storage.failAppends = true;
    appendParagraph(writer.doc, 'Written while the disk is full.');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reader.text()).not.toContain('Written while');
    storage.failAppends = false;
    await eventually(() => expect(reader.text()).toContain('Written while the disk is full.'));
    expect((await storage.load('room')).updates.length).toBeGreaterThan(0);
  });

  it('a room with unsaved changes stays in memory after its clients leave', async () => {
    const storage = new FlakyStorage();
    s = await startTestServer({ storage });
    const writer = await connectSynced(s.wsUrl, 'room', s.token('room', 'delegate', 'Chile'));
    storage.failAppends = true;
    appendParagraph(writer.doc, 'Unsaved.');
    await new Promise((resolve) => setTimeout(resolve, 50));
    writer.destroy();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(s.hub.roomCount).toBe(1);
    storage.failAppends = false;
    await eventually(() => expect(s.hub.roomCount).toBe(0), { timeout: 15_000 });
    const reader = await connectSynced(s.wsUrl, 'room', s.token('room', 'observer'));
    expect(reader.text()).toContain('Unsaved.');
  });

  it('a room that cannot be loaded closes the connection with 1011 and never writes an empty document over it', async () => {
    const storage = new FlakyStorage();
    s = await startTestServer({ storage });
    const writer = await connectSynced(s.wsUrl, 'room', s.token('room', 'secretariat'));
    appendParagraph(writer.doc, 'Precious.');
    await eventually(async () => expect((await storage.load('room')).updates.length).toBeGreaterThan(0));
    writer.destroy();
    await eventually(() => expect(s.hub.roomCount).toBe(0));
    const stored = await storage.load('room');
    storage.failLoads = true;
    const client = connectClient(s.wsUrl, 'room', s.token('room', 'secretariat'));
    const code = await waitFor<number>(
      (resolve) => client.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
      5000,
      'close',
    );
    expect(code).toBe(1011);
    client.destroy();
    storage.failLoads = false;
    expect(await storage.load('room')).toEqual(stored);
    const reader = await connectSynced(s.wsUrl, 'room', s.token('room', 'observer'));
    expect(reader.text()).toContain('Precious.');
  });
});
