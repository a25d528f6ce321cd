/** How an instance runs, from its environment: alone on SQLite, or one of several on PostgreSQL and Redis. */
export type ClusterConfig =
  | { mode: 'single' }
  | { mode: 'cluster'; databaseUrl: string; redisUrl: string; schema?: string; prefix: string };

/**
 * `ACCORD_DATABASE_URL` and `ACCORD_REDIS_URL` together make a cluster instance; neither, a single one.
 * One without the other, or a cluster without `ACCORD_SECRET` (every instance must verify the others'
 * tokens), is refused with a message saying what to set.
 */
export function clusterConfigFromEnv(env: NodeJS.ProcessEnv): ClusterConfig {
  const databaseUrl = env.ACCORD_DATABASE_URL?.trim() || undefined;
  const redisUrl = env.ACCORD_REDIS_URL?.trim() || undefined;
  if (!databaseUrl && !redisUrl) return { mode: 'single' };
  if (!databaseUrl || !redisUrl)
    throw new Error(
      `several instances need both ACCORD_DATABASE_URL (PostgreSQL) and ACCORD_REDIS_URL (Redis); only ${
        databaseUrl ? 'ACCORD_DATABASE_URL' : 'ACCORD_REDIS_URL'
      } is set. Set both, or neither for one instance on SQLite.`,
    );
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('ACCORD_DATABASE_URL must be a postgres:// URL');
  if (!/^rediss?:\/\//.test(redisUrl)) throw new Error('ACCORD_REDIS_URL must be a redis:// URL');
  if (!env.ACCORD_SECRET)
    throw new Error('several instances must share one token secret: set ACCORD_SECRET (the same on every instance)');
  const schema = env.ACCORD_DATABASE_SCHEMA?.trim() || undefined;
  return {
    mode: 'cluster',
    databaseUrl,
    redisUrl,
    ...(schema ? { schema } : {}),
    prefix: env.ACCORD_REDIS_PREFIX?.trim() || 'accord:',
  };
}
