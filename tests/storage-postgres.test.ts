import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStorage } from '../sync-server/storage/postgres-storage';
import { dropSchemas, freshSchema, postgresAvailable, TEST_DATABASE_URL } from './helpers/services';
import { runStorageContract } from './helpers/storage-contract';

const available = await postgresAvailable();
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

function open(schema: string): Promise<PostgresStorage> {
  return PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema, poolSize: 4 });
}

describe.skipIf(!available)('PostgreSQL storage', () => {
  runStorageContract('PostgreSQL', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    return { storage: await open(schema), reopen: () => open(schema) };
  });

  it('instances starting at once apply each migration exactly once', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const instances = await Promise.all(Array.from({ length: 4 }, () => open(schema)));
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    const rows = await client.query(`SELECT version FROM ${schema}.accord_migrations ORDER BY version`);
    await client.end();
    expect(rows.rows.map((row) => row.version)).toEqual([1]);
    await Promise.all(instances.map((instance) => instance.close()));
  });

  it('two instances appending to one room at once never share a sequence number, and lose nothing', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    const update = (n: number) => new Uint8Array([n % 256, Math.floor(n / 256)]);
    const seqs = await Promise.all(Array.from({ length: 100 }, (_, n) => (n % 2 ? a : b).append('room', [update(n)])));
    expect(new Set(seqs).size).toBe(100);
    const loaded = await a.load('room');
    expect(loaded.updates).toHaveLength(100);
    expect(loaded.lastSeq).toBe(100);
    await Promise.all([a.close(), b.close()]);
  });

  it('a compaction racing appends keeps every append after its sequence number', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    const through = await a.append('room', [new Uint8Array([1]), new Uint8Array([2])]);
    const [, later] = await Promise.all([
      a.compact('room', new Uint8Array([9]), through),
      b.append('room', [new Uint8Array([3])]),
    ]);
    const loaded = await b.load('room');
    expect(loaded.snapshot).toEqual(new Uint8Array([9]));
    expect(loaded.updates).toEqual([new Uint8Array([3])]);
    expect(loaded.lastSeq).toBe(later);
    await Promise.all([a.close(), b.close()]);
  });
});
