import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Storage } from '../../sync-server/storage/storage';

/** What every Storage must do. Rules are numbered so failures and code can cite them. */
export function runStorageContract(
  name: string,
  setup: () => Promise<{ storage: Storage; reopen?: () => Promise<Storage> }>,
): void {
  const made = new Map<string, Uint8Array>();
  /** One update per text, the same bytes every time it is asked for. */
  const update = (text: string): Uint8Array => {
    let bytes = made.get(text);
    if (!bytes) {
      const doc = new Y.Doc();
      doc.getText('t').insert(0, text);
      bytes = Y.encodeStateAsUpdate(doc);
      made.set(text, bytes);
    }
    return bytes;
  };

  describe(`storage contract: ${name}`, () => {
    it('ST1 a room never written loads empty', async () => {
      const { storage } = await setup();
      expect(await storage.load('nobody-here')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      await storage.close();
    });

    it('ST2 appended updates load back in order, with increasing sequence numbers', async () => {
      const { storage } = await setup();
      const first = await storage.append('room', [update('a'), update('b')]);
      const second = await storage.append('room', [update('c')]);
      expect(second).toBe(first + 1);
      const loaded = await storage.load('room');
      expect(loaded.updates).toEqual([update('a'), update('b'), update('c')]);
      expect(loaded.lastSeq).toBe(second);
      await storage.close();
    });

    it('ST3 an appended update survives reopen', async () => {
      const { storage, reopen } = await setup();
      if (!reopen) return;
      await storage.append('room', [update('kept')]);
      await storage.close();
      const again = await reopen();
      expect((await again.load('room')).updates).toEqual([update('kept')]);
      await again.close();
    });

    it('ST4 compaction replaces the log up to its sequence number and keeps later updates', async () => {
      const { storage } = await setup();
      await storage.append('room', [update('a')]);
      const through = await storage.append('room', [update('b')]);
      await storage.append('room', [update('c')]);
      await storage.compact('room', update('snapshot'), through);
      const loaded = await storage.load('room');
      expect(loaded.snapshot).toEqual(update('snapshot'));
      expect(loaded.updates).toEqual([update('c')]);
      expect(loaded.lastSeq).toBe(through + 1);
      const next = await storage.append('room', [update('d')]);
      expect(next).toBe(through + 2);
      await storage.close();
    });

    it('ST5 rooms are separate, and listed', async () => {
      const { storage } = await setup();
      await storage.append('one', [update('1')]);
      await storage.append('two', [update('2')]);
      await storage.compact('three', update('3'), 0);
      expect((await storage.load('one')).updates).toEqual([update('1')]);
      expect(await storage.rooms()).toEqual(['one', 'three', 'two']);
      await storage.close();
    });

    it('ST6 refuses room names outside 1-64 of A-Z a-z 0-9 _ -', async () => {
      const { storage } = await setup();
      for (const bad of ['', '../etc', 'a b', 'x'.repeat(65), "r'; DROP TABLE updates;--"]) {
        await expect(storage.load(bad)).rejects.toThrow(/invalid room name/);
        await expect(storage.append(bad, [update('x')])).rejects.toThrow(/invalid room name/);
      }
      await storage.close();
    });

    it('ST7 a compaction after a snapshot-only room keeps sequence numbers increasing', async () => {
      const { storage } = await setup();
      const seq = await storage.append('room', [update('a')]);
      await storage.compact('room', update('a'), seq);
      expect((await storage.load('room')).lastSeq).toBe(seq);
      expect(await storage.append('room', [update('b')])).toBe(seq + 1);
      await storage.close();
    });

    it('ST9 records are stored by kind and key, replaced, and listed by key prefix in key order', async () => {
      const { storage, reopen } = await setup();
      await storage.putRecord('version', 'room/002', { name: 'second' });
      await storage.putRecord('version', 'room/001', { name: 'first' });
      await storage.putRecord('version', 'roomy/001', { name: 'another room' });
      await storage.putRecord('invitation', 'room/001', { name: 'another kind' });
      await storage.putRecord('version', 'room/001', { name: 'first, renamed' });
      expect(await storage.getRecord('version', 'room/001')).toEqual({ name: 'first, renamed' });
      expect(await storage.getRecord('version', 'room/003')).toBeNull();
      expect(await storage.listRecords('version', 'room/')).toEqual([{ name: 'first, renamed' }, { name: 'second' }]);
      if (reopen) {
        await storage.close();
        const again = await reopen();
        expect(await again.listRecords('version', 'room/')).toHaveLength(2);
        await again.close();
      } else {
        await storage.close();
      }
    });

    it('ST8 a closed storage refuses work instead of losing it silently', async () => {
      const { storage } = await setup();
      await storage.close();
      await expect(storage.append('room', [update('late')])).rejects.toThrow();
    });
  });
}
