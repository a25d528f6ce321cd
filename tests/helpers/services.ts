import { Redis } from 'ioredis';
import pg from 'pg';
import { IN_CI } from './fixtures';

/** The machine's PostgreSQL (ACCORD_TEST_DATABASE_URL, default the local `test` database, trust auth). */
export const TEST_DATABASE_URL = process.env.ACCORD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether PostgreSQL answers. Outside CI an unreachable one skips its tests with a printed reason;
 * under CI it must be there, and its absence fails loudly.
 */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    if (IN_CI)
      throw new Error(
        `PostgreSQL at ${TEST_DATABASE_URL} is not reachable, and tests may not skip under CI: ${(error as Error).message}`,
      );
    console.warn(`skipping PostgreSQL tests: ${TEST_DATABASE_URL} is not reachable (${(error as Error).message})`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
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

/** Whether Redis answers; like postgresAvailable, never skipping under CI. */
export async function redisAvailable(): Promise<boolean> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch (error) {
    if (IN_CI)
      throw new Error(
        `Redis at ${TEST_REDIS_URL} is not reachable, and tests may not skip under CI: ${(error as Error).message}`,
      );
    console.warn(`skipping Redis tests: ${TEST_REDIS_URL} is not reachable (${(error as Error).message})`);
    return false;
  } finally {
    redis.disconnect();
  }
}
