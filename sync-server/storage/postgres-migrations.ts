import type pg from 'pg';

/**
 * The schema, as numbered migrations recorded in `accord_migrations`. Never edit one that has
 * shipped: add the next. They run at start under an advisory lock, so instances starting at once
 * apply each exactly once.
 */
const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'rooms, update logs, snapshots and records',
    sql: `
      CREATE TABLE snapshots (room TEXT PRIMARY KEY, seq BIGINT NOT NULL, data BYTEA NOT NULL);
      CREATE TABLE updates (room TEXT NOT NULL, seq BIGINT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (room, seq));
      CREATE TABLE room_seq (room TEXT PRIMARY KEY, seq BIGINT NOT NULL);
      CREATE TABLE records (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key));
    `,
  },
];

/** A fixed key for the migration lock (any 64-bit number no other application uses for this). */
const MIGRATION_LOCK = 7_361_000_001;

/** Applies what is missing; `schema` (already checked to be a plain name) is created first if asked. */
export async function runMigrations(pool: pg.Pool, schema?: string): Promise<number[]> {
  const client = await pool.connect();
  client.on('error', () => {});
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS accord_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const done = new Set(
        (await client.query<{ version: number }>('SELECT version FROM accord_migrations')).rows.map(
          (row) => row.version,
        ),
      );
      const applied: number[] = [];
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO accord_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(
            `PostgreSQL migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
          );
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
