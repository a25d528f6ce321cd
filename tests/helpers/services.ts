import { Redis } from 'ioredis';
import pg from 'pg';
import { IN_CI } from './fixtures';

/** The machine's PostgreSQL (ACCORD_TEST_DATABASE_URL, default the local `test` database, trust auth). */
export const TEST_DATABASE_URL = process.env.ACCORD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether a service answers `probe`. Outside CI an unreachable one skips its tests with a printed
 * reason; under CI it must be there, and its absence fails loudly.
 */
async function serviceAvailable(name: string, url: string, probe: () => Promise<void>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    const why = (error as Error).message;
    if (IN_CI) throw new Error(`${name} at ${url} is not reachable, and tests may not skip under CI: ${why}`);
    console.warn(`skipping ${name} tests: ${url} is not reachable (${why})`);
    return false;
  }
}

export function postgresAvailable(): Promise<boolean> {
  return serviceAvailable('PostgreSQL', TEST_DATABASE_URL, async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => {});
    }
  });
}

/** A fresh schema name for one test, so runs and tests never collide. */
export function freshSchema(prefix = 'accord_test'): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Drops the schemas a test run made. */
export async function dropSchemas(names: string[]): Promise<void> {
  if (names.length === 0) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  } finally {
    await client.end();
  }
}

/** The machine's Redis (ACCORD_TEST_REDIS_URL, default the local one). */
export const TEST_REDIS_URL = process.env.ACCORD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function redisAvailable(): Promise<boolean> {
  return serviceAvailable('Redis', TEST_REDIS_URL, async () => {
    const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    try {
      await redis.connect();
      await redis.ping();
    } finally {
      redis.disconnect();
    }
  });
}
