import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { assertRoomName, type Storage, type StoredRoom } from './storage';

/**
 * The embedded default: one SQLite file in the data directory, in WAL mode.
 * `synchronous = NORMAL` in WAL mode survives a killed process (SIGKILL, crash) without an fsync
 * per commit; only a power cut can lose the last commits. Set `durability: 'full'` for that too.
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(file: string, options: { durability?: 'normal' | 'full' } = {}) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS snapshots (room TEXT PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS updates (room TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (room, seq));
      CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key));
    `);
    this.statements = {
      snapshot: this.db.prepare<[string], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM snapshots WHERE room = ?',
      ),
      updates: this.db.prepare<[string], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE room = ? ORDER BY seq',
      ),
      lastSeq: this.db.prepare<[string, string], { seq: number | null }>(
        'SELECT MAX(seq) AS seq FROM (SELECT MAX(seq) AS seq FROM updates WHERE room = ? UNION ALL SELECT seq FROM snapshots WHERE room = ?)',
      ),
      insert: this.db.prepare<[string, number, Uint8Array]>('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)'),
      putSnapshot: this.db.prepare<[string, number, Uint8Array]>(
        'INSERT INTO snapshots (room, seq, data) VALUES (?, ?, ?) ON CONFLICT(room) DO UPDATE SET seq = MAX(seq, excluded.seq), data = excluded.data',
      ),
      trim: this.db.prepare<[string, number]>('DELETE FROM updates WHERE room = ? AND seq <= ?'),
      putRecord: this.db.prepare<[string, string, string]>(
        'INSERT INTO records (kind, key, value) VALUES (?, ?, ?) ON CONFLICT(kind, key) DO UPDATE SET value = excluded.value',
      ),
      getRecord: this.db.prepare<[string, string], { value: string }>(
        'SELECT value FROM records WHERE kind = ? AND key = ?',
      ),
      // Keys are compared as text: `key >= prefix AND key < prefix || U+FFFF` is a prefix range that uses the index.
      listRecords: this.db.prepare<[string, string, string], { value: string }>(
        'SELECT value FROM records WHERE kind = ? AND key >= ? AND key < ? ORDER BY key',
      ),
      rooms: this.db.prepare<[], { room: string }>(
        'SELECT room FROM snapshots UNION SELECT room FROM updates ORDER BY room',
      ),
    };
  }

  async load(room: string): Promise<StoredRoom> {
    assertRoomName(room);
    return this.db.transaction((): StoredRoom => {
      const snapshot = this.statements.snapshot.get(room);
      const rows = this.statements.updates.all(room);
      return {
        snapshot: snapshot ? new Uint8Array(snapshot.data) : null,
        updates: rows.map((row) => new Uint8Array(row.data)),
        lastSeq: rows.at(-1)?.seq ?? snapshot?.seq ?? 0,
      };
    })();
  }

  async append(room: string, updates: Uint8Array[]): Promise<number> {
    assertRoomName(room);
    return this.db.transaction((): number => {
      let seq = this.statements.lastSeq.get(room, room)?.seq ?? 0;
      for (const update of updates) this.statements.insert.run(room, ++seq, update);
      return seq;
    })();
  }

  async compact(room: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    assertRoomName(room);
    this.db.transaction(() => {
      this.statements.putSnapshot.run(room, throughSeq, snapshot);
      this.statements.trim.run(room, throughSeq);
    })();
  }

  async rooms(): Promise<string[]> {
    return this.statements.rooms.all().map((row) => row.room);
  }

  async putRecord(kind: string, key: string, value: unknown): Promise<void> {
    this.statements.putRecord.run(kind, key, JSON.stringify(value));
  }

  async getRecord<T>(kind: string, key: string): Promise<T | null> {
    const row = this.statements.getRecord.get(kind, key);
    return row ? (JSON.parse(row.value) as T) : null;
  }

  async listRecords<T>(kind: string, prefix: string): Promise<T[]> {
    return this.statements.listRecords.all(kind, prefix, `${prefix}\uffff`).map((row) => JSON.parse(row.value) as T);
  }

  /** SQLite's online backup to `file`: a consistent copy, taken while others keep writing. */
  async backup(file: string): Promise<void> {
    await this.db.backup(file);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
