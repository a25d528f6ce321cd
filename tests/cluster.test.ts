import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deriveLabels, importText, reportToYDoc, yDocToReport } from '../schema/index';
import { signToken } from '../sync-server/auth/tokens';
import { PostgresStorage } from '../sync-server/storage/postgres-storage';
import { runAccord } from './helpers/cli';
import { type Client, connectClient, destroyAllClients, whenSynced } from './helpers/clients';
import { eventually, waitFor } from './helpers/eventually';
import { agreementAt, agreementTextAt } from './helpers/hostile';
import { type ServerProcess, spawnServer } from './helpers/server-process';
import {
  dropSchemas,
  freshSchema,
  postgresAvailable,
  redisAvailable,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
} from './helpers/services';
import { tempDir } from './helpers/test-server';

/**
 * Several instances as one service, each a child process on the real PostgreSQL and Redis, with
 * real y-websocket clients. Each test has its own database schema and Redis channel prefix.
 */

const available = (await postgresAvailable()) && (await redisAvailable());
const SECRET = 'cluster-test-secret';
const REPORT = ['1. Open the meeting.', '2. Adopt the agenda.', '3. Close the meeting.'].join('\n');
const schemas: string[] = [];
let instances: ServerProcess[] = [];

afterEach(async () => {
  destroyAllClients();
  for (const instance of instances) instance.child.kill('SIGKILL');
  await Promise.all(instances.map((instance) => instance.exited));
  instances = [];
});
afterAll(() => dropSchemas(schemas));

const token = (room: string, role: 'secretariat' | 'delegate' | 'observer', delegation?: string) =>
  signToken(SECRET, { room, role, ttlSeconds: 3600, ...(delegation ? { delegation } : {}) });

/** A cluster of `count` instances over one fresh schema and prefix, with `room` seeded. */
async function cluster(count: number, room = 'plenary'): Promise<{ schema: string; prefix: string }> {
  const schema = freshSchema('accord_cluster');
  schemas.push(schema);
  const prefix = `${schema}:`;
  const storage = await PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema });
  await storage.append(room, [Y.encodeStateAsUpdate(reportToYDoc(importText(REPORT).report))]);
  await storage.close();
  for (let i = 0; i < count; i++) instances.push(await instance(schema, prefix));
  return { schema, prefix };
}

function instance(schema: string, prefix: string): Promise<ServerProcess> {
  return spawnServer(tempDir(), {
    ACCORD_DATABASE_URL: TEST_DATABASE_URL,
    ACCORD_DATABASE_SCHEMA: schema,
    ACCORD_REDIS_URL: TEST_REDIS_URL,
    ACCORD_REDIS_PREFIX: prefix,
    ACCORD_SECRET: SECRET,
    ACCORD_DEMO: 'off',
  });
}

const wsUrl = (server: ServerProcess) => `ws://127.0.0.1:${server.port}/ws`;

async function join(server: ServerProcess, room: string, delegation: string, doc?: Y.Doc): Promise<Client> {
  const client = connectClient(wsUrl(server), room, token(room, 'delegate', delegation), doc);
  await whenSynced(client);
  return client;
}

async function stored(schema: string, room: string): Promise<string> {
  const storage = await PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema });
  try {
    const doc = new Y.Doc();
    const { snapshot, updates } = await storage.load(room);
    for (const update of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, update);
    return JSON.stringify(yDocToReport(doc).doc);
  } finally {
    await storage.close();
  }
}

function appendAgreement(doc: Y.Doc, words: string): void {
  const list = agreementAt(doc, 1).parent as Y.XmlElement;
  const agreement = new Y.XmlElement('agreement');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(words)]);
  agreement.insert(0, [paragraph]);
  list.insert(list.length, [agreement]);
}

describe.skipIf(!available)('several instances on PostgreSQL and Redis', () => {
  it('clients on two instances typing and inserting agreements at once converge, numbered 1..n, as stored', async () => {
    const { schema } = await cluster(2);
    const [a, b] = instances;
    const canada = await join(a!, 'plenary', 'Canada');
    const mexico = await join(b!, 'plenary', 'Mexico');
    for (let i = 0; i < 20; i++) {
      agreementTextAt(canada.doc, 1).insert(agreementTextAt(canada.doc, 1).length, ` c${i}`);
      agreementTextAt(mexico.doc, 2).insert(agreementTextAt(mexico.doc, 2).length, ` m${i}`);
      if (i % 5 === 0) {
        appendAgreement(canada.doc, `Canada's ${i}.`);
        appendAgreement(mexico.doc, `Mexico's ${i}.`);
      }
    }
    await eventually(() => {
      expect(canada.text()).toBe(mexico.text());
      expect(canada.text()).toContain(' c19');
      expect(canada.text()).toContain(' m19');
    });
    const labels = deriveLabels(yDocToReport(canada.doc).doc).filter((item) => item.kind === 'agreement');
    expect(labels.map((item) => item.label)).toEqual(labels.map((_, i) => `${i + 1}.`));
    expect(labels).toHaveLength(3 + 8);
    await eventually(async () =>
      expect(await stored(schema, 'plenary')).toBe(JSON.stringify(yDocToReport(canada.doc).doc)),
    );
  });

  it('presence crosses instances: a delegate on A sees a delegate on B, caret and name', async () => {
    await cluster(2);
    const [a, b] = instances;
    const canada = await join(a!, 'plenary', 'Canada');
    const mexico = await join(b!, 'plenary', 'Mexico');
    mexico.provider.awareness.setLocalStateField('cursor', { anchor: 3 });
    await eventually(() => {
      const seen = canada.provider.awareness.getStates().get(mexico.doc.clientID);
      expect(seen?.user?.delegation).toBe('Mexico');
      expect(seen?.cursor).toEqual({ anchor: 3 });
    });
  });

  it('an instance SIGKILLed during typing: its delegate carries on through another, nothing acknowledged is lost', async () => {
    const { schema } = await cluster(2);
    const [a, b] = instances;
    const canada = await join(a!, 'plenary', 'Canada');
    const witness = await join(b!, 'plenary', 'Witness');
    for (let i = 0; i < 10; i++) agreementTextAt(canada.doc, 1).insert(agreementTextAt(canada.doc, 1).length, ` k${i}`);
    await eventually(() => expect(witness.text()).toContain(' k9'));
    a!.child.kill('SIGKILL');
    await a!.exited;
    // Typed while its instance is gone, then sent through the other one (as a load balancer would).
    for (let i = 10; i < 15; i++)
      agreementTextAt(canada.doc, 1).insert(agreementTextAt(canada.doc, 1).length, ` k${i}`);
    const doc = canada.doc;
    canada.provider.destroy();
    const again = await join(b!, 'plenary', 'Canada', doc);
    await eventually(() => expect(witness.text()).toContain(' k14'));
    expect(again.text()).toBe(witness.text());
    await eventually(async () => expect(await stored(schema, 'plenary')).toContain(' k14'));
  });

  it('the subscriber’s Redis connection killed during typing: afterwards every instance and client holds the same document', async () => {
    await cluster(2);
    const [a, b] = instances;
    const canada = await join(a!, 'plenary', 'Canada');
    const mexico = await join(b!, 'plenary', 'Mexico');
    const admin = new Redis(TEST_REDIS_URL);
    try {
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 5; i++) {
          agreementTextAt(canada.doc, 1).insert(agreementTextAt(canada.doc, 1).length, ` r${round}c${i}`);
          agreementTextAt(mexico.doc, 3).insert(agreementTextAt(mexico.doc, 3).length, ` r${round}m${i}`);
        }
        // The instances' subscriptions drop (what is published meanwhile is lost to them).
        await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
      }
      await eventually(
        () => {
          expect(canada.text()).toBe(mexico.text());
          expect(canada.text()).toContain(' r2c4');
          expect(canada.text()).toContain(' r2m4');
        },
        { timeout: 15_000 },
      );
    } finally {
      admin.disconnect();
    }
  });

  it('approval on one instance freezes the report on the other; a revoked link closes on both; an agreed agreement is locked on both', async () => {
    await cluster(2);
    const [a, b] = instances;
    const mexico = await join(b!, 'plenary', 'Mexico');
    const api = (server: ServerProcess, path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${server.port}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token('plenary', 'secretariat')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
    // Agreed on A; Mexico's edit inside it through B is reverted and never stored.
    const id = agreementAt(mexico.doc, 2).getAttribute('id') as string;
    expect((await api(a!, `/api/rooms/plenary/agreements/${id}/status`, { status: 'agreed' })).status).toBe(200);
    await eventually(() => expect(agreementAt(mexico.doc, 2).getAttribute('status')).toBe('agreed'));
    agreementTextAt(mexico.doc, 2).insert(0, 'NOT AGREED ');
    await eventually(() => expect(mexico.text()).not.toContain('NOT AGREED'));
    // Approval through A: B refuses Mexico's next edit.
    expect((await api(a!, '/api/rooms/plenary/approve')).status).toBe(200);
    await eventually(async () => {
      const state = await fetch(
        `http://127.0.0.1:${b!.port}/api/rooms/plenary/state?token=${token('plenary', 'observer')}`,
      );
      expect(((await state.json()) as { approval: unknown }).approval).not.toBeNull();
    });
    await eventually(() => {
      const server = [...mexico.provider.awareness.getStates().values()].find((state) => 'accord' in state);
      expect(server?.accord?.approval).not.toBeNull();
    });
    const denials: string[] = [];
    mexico.provider.messageHandlers[2] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) === 0) denials.push(decoding.readVarString(decoder));
    };
    agreementTextAt(mexico.doc, 1).insert(0, 'After approval ');
    // Refused on B (never applied, stored or sent to A): a client joining through A never sees it.
    await eventually(() => expect(denials.join()).toContain('approved'));
    const late = await join(a!, 'plenary', 'Latecomer');
    expect(late.text()).not.toContain('After approval');
    for (const server of [a!, b!]) {
      const text = await fetch(
        `http://127.0.0.1:${server.port}/api/rooms/plenary/export?format=txt&token=${token('plenary', 'observer')}`,
      );
      expect(await text.text()).not.toContain('After approval');
    }
    // A meeting's link revoked through A closes its connection on B at once.
    const created = await api(a!, '/api/meetings', { title: 'Other', delegations: ['Peru'], room: 'other' });
    const invitations = (
      (await created.json()) as { invitations: { id: string; delegation: string | null; path: string }[] }
    ).invitations;
    const peru = invitations.find((invitation) => invitation.delegation === 'Peru')!;
    const client = connectClient(wsUrl(b!), 'other', peru.path.split('#token=')[1]!);
    await whenSynced(client);
    const closed = waitFor<{ code: number; reason: string }>(
      (resolve) => client.provider.on('closed', resolve),
      10_000,
      'closed',
    );
    const secretariat = invitations[0]!.path.split('#token=')[1]!;
    await fetch(`http://127.0.0.1:${a!.port}/api/invitations/${peru.id}/revoke`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secretariat}` },
    });
    expect((await closed).code).toBe(4403);
  });
});

describe.skipIf(!available)('several instances when a service fails', () => {
  it('PostgreSQL unreachable for seconds: nothing unstored is broadcast, /healthz says 503, and everything lands afterwards', async () => {
    const schema = freshSchema('accord_cluster');
    schemas.push(schema);
    const prefix = `${schema}:`;
    const seed = await PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema });
    await seed.append('plenary', [Y.encodeStateAsUpdate(reportToYDoc(importText(REPORT).report))]);
    await seed.close();
    // Instance A reaches PostgreSQL through a proxy that can drop it; B directly.
    const proxy = await pausableProxy(new URL(TEST_DATABASE_URL));
    try {
      const viaProxy = new URL(TEST_DATABASE_URL);
      viaProxy.port = String(proxy.port);
      viaProxy.hostname = '127.0.0.1';
      instances.push(
        await spawnServer(tempDir(), {
          ACCORD_DATABASE_URL: viaProxy.toString(),
          ACCORD_DATABASE_SCHEMA: schema,
          ACCORD_REDIS_URL: TEST_REDIS_URL,
          ACCORD_REDIS_PREFIX: prefix,
          ACCORD_SECRET: SECRET,
          ACCORD_DEMO: 'off',
        }),
      );
      instances.push(await instance(schema, prefix));
      const [a, b] = instances;
      const canada = await join(a!, 'plenary', 'Canada');
      const witness = await join(b!, 'plenary', 'Witness');
      proxy.down();
      agreementTextAt(canada.doc, 1).insert(0, 'During the outage ');
      await eventually(async () => expect((await fetch(`http://127.0.0.1:${a!.port}/healthz`)).status).toBe(503));
      // The outage itself lasts a few seconds (the scenario, not a wait for a result).
      await new Promise((resume) => setTimeout(resume, 3000));
      expect(witness.text()).not.toContain('During the outage');
      expect(canada.text()).toContain('During the outage');
      proxy.up();
      await eventually(() => expect(witness.text()).toContain('1. During the outage Open the meeting.'), {
        timeout: 40_000,
      });
      await eventually(async () => expect(await stored(schema, 'plenary')).toContain('During the outage'));
      expect((await fetch(`http://127.0.0.1:${a!.port}/healthz`)).status).toBe(200);
    } finally {
      proxy.close();
    }
  }, 60_000);

  it('two instances loading the same cold, older report at the same moment end with one state', async () => {
    const schema = freshSchema('accord_cluster');
    schemas.push(schema);
    const prefix = `${schema}:`;
    // A report as a plain Yjs client wrote it: no ids, so each instance upgrades it on load.
    const legacy = new Y.Doc();
    const list = new Y.XmlElement('agreementList');
    legacy.getXmlFragment('report').insert(0, [list]);
    for (const words of ['First.', 'Second.', 'Third.']) {
      const agreement = new Y.XmlElement('agreement');
      const paragraph = new Y.XmlElement('paragraph');
      list.insert(list.length, [agreement]);
      agreement.insert(0, [paragraph]);
      paragraph.insert(0, [new Y.XmlText(words)]);
    }
    const seed = await PostgresStorage.open({ connectionString: TEST_DATABASE_URL, schema });
    await seed.append('cold', [Y.encodeStateAsUpdate(legacy)]);
    await seed.close();
    instances.push(await instance(schema, prefix), await instance(schema, prefix));
    const [a, b] = instances;
    const [one, two] = await Promise.all([join(a!, 'cold', 'Canada'), join(b!, 'cold', 'Mexico')]);
    agreementTextAt(one.doc, 1).insert(0, 'A: ');
    agreementTextAt(two.doc, 3).insert(0, 'B: ');
    await eventually(() => {
      expect(one.text()).toBe(two.text());
      expect(one.text()).toContain('A: First.');
      expect(one.text()).toContain('B: Third.');
    });
    const ids = [1, 2, 3].map((n) => agreementAt(one.doc, n).getAttribute('id'));
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    await eventually(async () => expect(await stored(schema, 'cold')).toBe(JSON.stringify(yDocToReport(one.doc).doc)));
  });
});

/** A TCP proxy to `target` that can drop every connection and refuse new ones until brought up again. */
async function pausableProxy(target: URL): Promise<{ port: number; down(): void; up(): void; close(): void }> {
  const { createServer, connect } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  let isDown = false;
  const server = createServer((inbound) => {
    if (isDown) {
      inbound.destroy();
      return;
    }
    const outbound = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    port: (server.address() as import('node:net').AddressInfo).port,
    down: () => {
      isDown = true;
      for (const socket of sockets) socket.destroy();
    },
    up: () => {
      isDown = false;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe('cluster configuration', () => {
  it.each([
    [{ ACCORD_DATABASE_URL: 'postgres://x/y' }, 'only ACCORD_DATABASE_URL is set'],
    [{ ACCORD_REDIS_URL: 'redis://x' }, 'only ACCORD_REDIS_URL is set'],
    [{ ACCORD_DATABASE_URL: 'postgres://x/y', ACCORD_REDIS_URL: 'redis://x', ACCORD_SECRET: '' }, 'set ACCORD_SECRET'],
  ])('refuses to start with %o', async (env, message) => {
    const result = await runAccord(['serve', '--port', '0', '--data', tempDir()], {
      ACCORD_DATABASE_URL: '',
      ACCORD_REDIS_URL: '',
      ACCORD_SECRET: 'x',
      ...env,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
