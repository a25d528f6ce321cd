/**
 * `npm run bench:cluster`: the fan-out scenario (N clients, K typing with cursors) with the clients
 * split over two instances, beside the same load on one instance, and beside @hocuspocus/server 4.7.0
 * with @hocuspocus/extension-redis 4.7.0 on two instances over the same Redis, in one run. Accord runs
 * in cluster mode (PostgreSQL + Redis) in both of its rows. Reports latency percentiles, lost
 * inserts, server CPU per delivered insert (all instances together), Redis commands per insert and
 * PostgreSQL writes (appends) per insert.
 *
 * BENCH_SIZES (default 200x20), BENCH_SECONDS (10), BENCH_RUNS (3); the machine's PostgreSQL and
 * Redis (ACCORD_TEST_DATABASE_URL, ACCORD_TEST_REDIS_URL).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { SCHEMA_VERSION } from '../schema/yjs-shape';
import { signToken } from '../sync-server/auth/tokens';
import { type FanoutResult, type Protocol, runFanout } from './fanout-clients';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'cluster-bench';
const DATABASE_URL = process.env.ACCORD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.ACCORD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Instance {
  child: ChildProcess;
  port: number;
}

function spawnInstance(args: string[], env: NodeJS.ProcessEnv): Promise<Instance> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ready) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        try {
          const parsed = JSON.parse(line) as { port?: number; event?: string };
          if (parsed.port && (parsed.event === undefined || parsed.event === 'server.start'))
            ready({ child, port: parsed.port });
        } catch {}
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
  });
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(stat[11]) + Number(stat[12])) / 100;
}

interface Setup {
  name: string;
  protocol: Protocol;
  start(tag: string): Promise<Instance[]>;
  url(instance: Instance, room: string, index: number): string;
}

const accord = (count: number): Setup => ({
  name: `accord ×${count} (PostgreSQL + Redis)`,
  protocol: 'y-websocket',
  async start(tag) {
    const env = {
      ACCORD_DATABASE_URL: DATABASE_URL,
      ACCORD_DATABASE_SCHEMA: tag,
      ACCORD_REDIS_URL: REDIS_URL,
      ACCORD_REDIS_PREFIX: `${tag}:`,
      ACCORD_SECRET: SECRET,
      ACCORD_DEMO: 'off',
      ACCORD_CONNECTIONS_PER_IP: '5000',
    };
    const args = [
      '--max-semi-space-size=4',
      join(ROOT, 'bin', 'accord.js'),
      'serve',
      '--port',
      '0',
      '--data',
      mkdtempSync(join(tmpdir(), 'accord-cb-')),
    ];
    const first = await spawnInstance(args, env);
    const rest = await Promise.all(Array.from({ length: count - 1 }, () => spawnInstance(args, env)));
    return [first, ...rest];
  },
  url: (instance, room, index) =>
    `ws://127.0.0.1:${instance.port}/ws/${room}?schema=${SCHEMA_VERSION}&token=${signToken(SECRET, { room, role: 'delegate', delegation: `Delegation ${index}`, ttlSeconds: 3600 })}`,
});

const hocuspocus: Setup = {
  name: 'hocuspocus ×2 (Redis)',
  protocol: 'hocuspocus',
  start: (tag) =>
    Promise.all(
      [0, 1].map(() =>
        spawnInstance([join(ROOT, 'bench', 'servers', 'hocuspocus-redis.mjs')], { REDIS_URL, REDIS_PREFIX: tag }),
      ),
    ),
  url: (instance, room) => `ws://127.0.0.1:${instance.port}/${room}`,
};

async function redisCommands(redis: Redis): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

async function postgresAppends(client: pg.Client, schema: string): Promise<number> {
  try {
    const result = await client.query(`SELECT COALESCE(SUM(seq), 0) AS n FROM ${schema}.room_seq`);
    return Number(result.rows[0].n);
  } catch {
    return 0;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '200x20')
    .split(',')
    .map((size) => size.split('x').map(Number) as [number, number]);
  const durationMs = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const redis = new Redis(REDIS_URL);
  const database = new pg.Client({ connectionString: DATABASE_URL });
  await database.connect();
  const rows: (FanoutResult & {
    setup: string;
    cpuMsPer1kDeliveries: number;
    redisPerInsert: number;
    pgWritesPerInsert: number;
  })[] = [];
  for (const [clients, typists] of sizes) {
    for (let run = 0; run < runs; run++) {
      for (const setup of [accord(1), accord(2), hocuspocus]) {
        const tag = `bench_${Date.now().toString(36)}_${run}`;
        const instances = await setup.start(tag);
        await new Promise((settle) => setTimeout(settle, 500));
        const cpuBefore = instances.map((instance) => cpuSeconds(instance.child.pid!));
        const redisBefore = await redisCommands(redis);
        const room = `c${clients}x${typists}r${run}`;
        const result = await runFanout({
          url: (i) => setup.url(instances[i % instances.length]!, room, i),
          protocol: setup.protocol,
          room,
          clients,
          typists,
          rate: 5,
          durationMs,
        });
        const cpu = instances.reduce((sum, instance, i) => sum + cpuSeconds(instance.child.pid!) - cpuBefore[i]!, 0);
        const redisUsed = (await redisCommands(redis)) - redisBefore;
        const appends = setup.name.startsWith('accord') ? await postgresAppends(database, tag) : 0;
        for (const instance of instances) instance.child.kill('SIGTERM');
        if (setup.name.startsWith('accord'))
          await database.query(`DROP SCHEMA IF EXISTS ${tag} CASCADE`).catch(() => {});
        const row = {
          setup: setup.name,
          ...result,
          cpuMsPer1kDeliveries: result.delivered ? Math.round((cpu * 1e6) / result.delivered) / 1000 : Number.NaN,
          redisPerInsert: result.inserts ? Math.round((redisUsed / result.inserts) * 10) / 10 : Number.NaN,
          pgWritesPerInsert: result.inserts ? Math.round((appends / result.inserts) * 100) / 100 : 0,
        };
        rows.push(row);
        console.log(JSON.stringify({ scenario: 'cluster', run, ...row }));
        await new Promise((settle) => setTimeout(settle, 1000));
      }
    }
  }
  console.log(
    `\nCluster fan-out, medians of ${runs} run(s) of ${durationMs / 1000} s; latency in ms (every delivery, about half of them cross-instance with two).\n`,
  );
  console.log(
    '| setup | N | K | p50 | p95 | p99 | lost | converged | CPU ms/1k deliveries (all instances) | Redis commands/insert | PostgreSQL appends/insert |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const groups = new Map<string, typeof rows>();
  for (const row of rows)
    groups.set(`${row.clients}x${row.typists}|${row.setup}`, [
      ...(groups.get(`${row.clients}x${row.typists}|${row.setup}`) ?? []),
      row,
    ]);
  for (const group of groups.values()) {
    const m = (pick: (row: (typeof rows)[number]) => number) => median(group.map(pick));
    const r = group[0]!;
    console.log(
      `| ${r.setup} | ${r.clients} | ${r.typists} | ${m((x) => x.p50)} | ${m((x) => x.p95)} | ${m((x) => x.p99)} | ${Math.max(...group.map((x) => x.lost))} | ${group.every((x) => x.converged)} | ${m((x) => x.cpuMsPer1kDeliveries)} | ${m((x) => x.redisPerInsert)} | ${m((x) => x.pgWritesPerInsert)} |`,
    );
  }
  redis.disconnect();
  await database.end();
  process.exit(0);
}

await main();
