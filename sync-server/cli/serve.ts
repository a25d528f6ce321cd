import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importText } from '../../schema/index';
import { loadSecret } from '../auth/secret';
import { parseTtl, signToken } from '../auth/tokens';
import { type Cluster, SingleInstance } from '../cluster/cluster';
import { type ClusterConfig, clusterConfigFromEnv } from '../cluster/configure';
import { RedisCluster } from '../cluster/redis-cluster';
import { type Limits, limitsFromEnv } from '../config';
import { DEMO_ROOM } from '../http-api';
import { jsonLogger } from '../logger';
import { projectRoot } from '../project-root';
import { startServer } from '../server';
import { PostgresStorage } from '../storage/postgres-storage';
import { SqliteStorage } from '../storage/sqlite-storage';
import type { Storage } from '../storage/storage';
import { databaseFile, dataDirFrom } from './data-dir';
import { CliError } from './errors';
import { replaceRoomReport } from './room-state';
import { SERVE_USAGE } from './usage';

const PROJECT_ROOT = projectRoot();
export const EDITOR_DIST = join(PROJECT_ROOT, 'dist', 'editor');

/** `accord serve`: HTTP + WebSocket on one port, SQLite in the data directory. Runs until SIGTERM/SIGINT. */
export async function serveCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"\nusage: ${SERVE_USAGE}`);
  const port = Number(values.port ?? process.env.PORT ?? 1234);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port must be a port number, not "${values.port ?? process.env.PORT}"`);
  const host = values.host ?? process.env.HOST ?? '0.0.0.0';
  const dataDir = dataDirFrom(values.data);
  mkdirSync(dataDir, { recursive: true });
  const firstStart = !existsSync(databaseFile(dataDir));
  let limits: Limits;
  try {
    limits = limitsFromEnv(process.env);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  let config: ClusterConfig;
  try {
    config = clusterConfigFromEnv(process.env);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const { secret } = loadSecret(dataDir);
  const log = jsonLogger();
  let storage: Storage;
  let cluster: Cluster = new SingleInstance();
  if (config.mode === 'cluster') {
    try {
      storage = await PostgresStorage.open({
        connectionString: config.databaseUrl,
        ...(config.schema ? { schema: config.schema } : {}),
      });
    } catch (error) {
      throw new CliError(`cannot use PostgreSQL at ACCORD_DATABASE_URL: ${(error as Error).message}`, 1);
    }
    const redis = new RedisCluster(config.redisUrl, log, config.prefix);
    cluster = redis;
    const ready = await Promise.race([
      redis.ready().then(() => true),
      new Promise((done) => setTimeout(() => done(false), 5000)),
    ]);
    if (!ready) log.warn('redis.unreachable', { hint: 'serving; other instances are heard once Redis answers' });
  } else {
    storage = new SqliteStorage(databaseFile(dataDir));
    if (firstStart) await seedDemoRoom(storage);
  }

  const editorDir = existsSync(join(EDITOR_DIST, 'index.html')) ? EDITOR_DIST : null;
  if (!editorDir)
    log.warn('editor.missing', {
      hint: 'run `npm run build` (or `npm start`) to build the editor; the API works without it',
    });

  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    // The demo room's links are for trying Accord out; an operator running a real meeting turns them off.
    const demo = process.env.ACCORD_DEMO !== 'off';
    server = await startServer({ port, host, storage, secret, log, editorDir, demo, hub: { limits }, cluster });
  } catch (error) {
    await storage.close();
    await cluster.close();
    throw new CliError(`cannot listen on ${host}:${port}: ${(error as Error).message}`, 1);
  }
  log.info('server.start', {
    url: server.url,
    port: server.port,
    mode: config.mode === 'cluster' ? 'several instances: PostgreSQL and Redis' : 'one instance: SQLite',
    data: config.mode === 'cluster' ? 'PostgreSQL' : dataDir,
    editor: editorDir !== null,
  });
  if (firstStart && config.mode === 'single') {
    const token = signToken(secret, { room: DEMO_ROOM, role: 'secretariat', ttlSeconds: parseTtl('7d') });
    process.stderr.write(
      `\nAccord is running. Open the demo report as the secretariat (keep this link to yourself):\n` +
        `  ${server.url}/r/${DEMO_ROOM}#token=${token}\n` +
        `Links for delegations: npm run accord -- token --room ${DEMO_ROOM} --role delegate --delegation Canada\n\n`,
    );
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info('server.stop', { signal });
    void server
      .close()
      .then(() => storage.close())
      .then(() => cluster.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error('server.stop.failed', { error: String(error) });
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function seedDemoRoom(storage: Storage): Promise<void> {
  const source = readFileSync(join(PROJECT_ROOT, 'sync-server', 'demo', 'demo-report.txt'), 'utf8');
  await replaceRoomReport(storage, DEMO_ROOM, importText(source).report);
}
