import pg from 'pg';
import { runMigrations } from './postgres-migrations';
import { assertRoomName, type Storage, type StoredRoom } from './storage';

export interface PostgresOptions {
  /** `postgres://…` (ACCORD_DATABASE_URL). */
  connectionString: string;
  /** A schema of its own (tests, or several deployments in one database). Default: the connection's own. */
  schema?: string;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
}

/**
 * Rooms, their update logs and records in PostgreSQL, for several instances behind one load balancer.
 * Each append takes the room's next sequence numbers from one row (`room_seq`), atomically, so two
 * instances appending to one room never take the same number; compaction of a room runs on one
 * instance at a time (a transaction-level advisory lock) and drops only what its snapshot holds.
 */
export class PostgresStorage implements Storage {
  private closed = false;

  private constructor(private readonly pool: pg.Pool) {}

  /** Connects and brings the schema up to date (numbered migrations, safe when instances start at once). */
  static async open(options: PostgresOptions): Promise<PostgresStorage> {
    if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema))
      throw new Error(`invalid schema name ${JSON.stringify(options.schema)}`);
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // An idle client that loses its connection must not take the process down.
    pool.on('error', () => {});
    try {
      await runMigrations(pool, options.schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStorage(pool);
  }

  async load(room: string): Promise<StoredRoom> {
    assertRoomName(room);
    return this.transaction('REPEATABLE READ', async (client) => {
      const snapshot = await client.query<{ seq: string; data: Buffer }>(
        'SELECT seq, data FROM snapshots WHERE room = $1',
        [room],
      );
      const updates = await client.query<{ seq: string; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE room = $1 ORDER BY seq',
        [room],
      );
      const last = updates.rows.at(-1)?.seq ?? snapshot.rows[0]?.seq ?? '0';
      return {
        snapshot: snapshot.rows[0] ? new Uint8Array(snapshot.rows[0].data) : null,
        updates: updates.rows.map((row) => new Uint8Array(row.data)),
        lastSeq: Number(last),
      };
    });
  }

  async append(room: string, updates: Uint8Array[]): Promise<number> {
    assertRoomName(room);
    return this.transaction('READ COMMITTED', async (client) => {
      const reserved = await client.query<{ seq: string }>(
        `INSERT INTO room_seq (room, seq) VALUES ($1, $2)
         ON CONFLICT (room) DO UPDATE SET seq = room_seq.seq + $2 RETURNING seq`,
        [room, updates.length],
      );
      const last = Number(reserved.rows[0]!.seq);
      let seq = last - updates.length;
      for (const update of updates)
        await client.query('INSERT INTO updates (room, seq, data) VALUES ($1, $2, $3)', [
          room,
          ++seq,
          Buffer.from(update),
        ]);
      return last;
    });
  }

  async compact(room: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    assertRoomName(room);
    await this.transaction('READ COMMITTED', async (client) => {
      // One instance compacts a room at a time; another that finds it busy leaves it (the log stays valid).
      const locked = await client.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_xact_lock(hashtext('accord-compact:' || $1)) AS locked",
        [room],
      );
      if (!locked.rows[0]!.locked) return;
      await client.query(
        `INSERT INTO snapshots (room, seq, data) VALUES ($1, $2, $3)
         ON CONFLICT (room) DO UPDATE SET seq = GREATEST(snapshots.seq, excluded.seq),
           data = CASE WHEN excluded.seq >= snapshots.seq THEN excluded.data ELSE snapshots.data END`,
        [room, throughSeq, Buffer.from(snapshot)],
      );
      await client.query('DELETE FROM updates WHERE room = $1 AND seq <= $2', [room, throughSeq]);
      await client.query(
        `INSERT INTO room_seq (room, seq) VALUES ($1, $2)
         ON CONFLICT (room) DO UPDATE SET seq = GREATEST(room_seq.seq, excluded.seq)`,
        [room, throughSeq],
      );
    });
  }

  async rooms(): Promise<string[]> {
    const result = await this.query<{ room: string }>(
      'SELECT room FROM (SELECT room FROM snapshots UNION SELECT room FROM updates) AS stored ORDER BY room COLLATE "C"',
    );
    return result.rows.map((row) => row.room);
  }

  async putRecord(kind: string, key: string, value: unknown): Promise<void> {
    await this.query(
      `INSERT INTO records (kind, key, value) VALUES ($1, $2, $3)
       ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value`,
      [kind, key, JSON.stringify(value)],
    );
  }

  async getRecord<T>(kind: string, key: string): Promise<T | null> {
    const result = await this.query<{ value: string }>('SELECT value FROM records WHERE kind = $1 AND key = $2', [
      kind,
      key,
    ]);
    return result.rows[0] ? (JSON.parse(result.rows[0].value) as T) : null;
  }

  async listRecords<T>(kind: string, prefix: string): Promise<T[]> {
    // Byte order (COLLATE "C"), as SQLite and the memory storage list them.
    const result = await this.query<{ value: string }>(
      `SELECT value FROM records WHERE kind = $1 AND key COLLATE "C" >= $2 AND key COLLATE "C" < $3
       ORDER BY key COLLATE "C"`,
      [kind, prefix, `${prefix}\uffff`],
    );
    return result.rows.map((row) => JSON.parse(row.value) as T);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    if (this.closed) return Promise.reject(new Error('the PostgreSQL storage is closed'));
    return this.pool.query<R>(text, values);
  }

  private async transaction<T>(
    isolation: 'READ COMMITTED' | 'REPEATABLE READ',
    work: (client: pg.PoolClient) => Promise<T>,
  ): Promise<T> {
    if (this.closed) throw new Error('the PostgreSQL storage is closed');
    const client = await this.pool.connect();
    // A connection lost while checked out emits 'error' on the client: unheard, it would end the process.
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost = error;
    };
    client.on('error', onError);
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      lost ??= error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.off('error', onError);
      // A client that failed is not given back to the pool for the next query.
      client.release(lost);
    }
  }
}
