import { assertRoomName, type Storage, type StoredRoom } from './storage';

interface Entry {
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  log: { seq: number; update: Uint8Array }[];
}

/** Storage in memory: for tests and throwaway demos. Copies bytes in and out like a real store. */
export class MemoryStorage implements Storage {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  async load(room: string): Promise<StoredRoom> {
    this.check(room);
    const entry = this.entries.get(room);
    if (!entry) return { snapshot: null, updates: [], lastSeq: 0 };
    return {
      snapshot: entry.snapshot ? entry.snapshot.slice() : null,
      updates: entry.log.map((item) => item.update.slice()),
      lastSeq: entry.log.at(-1)?.seq ?? entry.snapshotSeq,
    };
  }

  async append(room: string, updates: Uint8Array[]): Promise<number> {
    this.check(room);
    const entry = this.entry(room);
    let seq = entry.log.at(-1)?.seq ?? entry.snapshotSeq;
    for (const update of updates) entry.log.push({ seq: ++seq, update: update.slice() });
    return seq;
  }

  async compact(room: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.check(room);
    const entry = this.entry(room);
    entry.snapshot = snapshot.slice();
    entry.snapshotSeq = Math.max(entry.snapshotSeq, throughSeq);
    entry.log = entry.log.filter((item) => item.seq > throughSeq);
  }

  async rooms(): Promise<string[]> {
    return [...this.entries.keys()].sort();
  }

  private readonly records = new Map<string, string>();

  async putRecord(kind: string, key: string, value: unknown): Promise<void> {
    if (this.closed) throw new Error('storage is closed');
    this.records.set(`${kind}\u0000${key}`, JSON.stringify(value));
  }

  async getRecord<T>(kind: string, key: string): Promise<T | null> {
    if (this.closed) throw new Error('storage is closed');
    const value = this.records.get(`${kind}\u0000${key}`);
    return value === undefined ? null : (JSON.parse(value) as T);
  }

  async listRecords<T>(kind: string, prefix: string): Promise<T[]> {
    if (this.closed) throw new Error('storage is closed');
    const start = `${kind}\u0000${prefix}`;
    return [...this.records.entries()]
      .filter(([key]) => key.startsWith(start))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, value]) => JSON.parse(value) as T);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private entry(room: string): Entry {
    let entry = this.entries.get(room);
    if (!entry) {
      entry = { snapshot: null, snapshotSeq: 0, log: [] };
      this.entries.set(room, entry);
    }
    return entry;
  }

  private check(room: string): void {
    if (this.closed) throw new Error('storage is closed');
    assertRoomName(room);
  }
}
