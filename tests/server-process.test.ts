import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signToken } from '../sync-server/auth/tokens';
import { connectClient, connectSynced, destroyAllClients, typeInFirstParagraph, whenSynced } from './helpers/clients';
import { eventually, waitFor } from './helpers/eventually';
import { type ServerProcess, spawnServer } from './helpers/server-process';
import { tempDir } from './helpers/test-server';

const SECRET = 'process-test-secret';
const token = (room: string, role: 'secretariat' | 'delegate' | 'observer', delegation?: string): string =>
  signToken(SECRET, { room, role, ttlSeconds: 600, ...(delegation ? { delegation } : {}) });

let running: ServerProcess[] = [];
afterEach(() => {
  destroyAllClients();
  for (const server of running) server.child.kill('SIGKILL');
  running = [];
});

async function spawn(dataDir: string): Promise<ServerProcess> {
  const server = await spawnServer(dataDir, { ACCORD_SECRET: SECRET });
  running.push(server);
  return server;
}

describe('accord serve as a process', () => {
  it('SIGKILL loses nothing the clients have seen', async () => {
    const dataDir = tempDir();
    const first = await spawn(dataDir);
    const ws = `ws://127.0.0.1:${first.port}/ws`;
    const [a, b] = await Promise.all([
      connectSynced(ws, 'plenary', token('plenary', 'delegate', 'Belize')),
      connectSynced(ws, 'plenary', token('plenary', 'delegate', 'Canada')),
    ]);
    // Two delegations type 300 inserts between them, interleaved.
    for (let i = 0; i < 150; i++) {
      typeInFirstParagraph(a.doc, `a${i} `);
      typeInFirstParagraph(b.doc, `b${i} `);
      if (i % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually(() => {
      expect(a.text()).toBe(b.text());
      const words = new Set(a.text().split(/\s+/));
      for (let i = 0; i < 150; i++) expect(words.has(`a${i}`) && words.has(`b${i}`), `a${i} and b${i}`).toBe(true);
    });
    const seen = a.text();
    // The clients stop first, so nothing can resend their edits after the restart.
    destroyAllClients();
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await spawn(dataDir);
    const fresh = await connectSynced(`ws://127.0.0.1:${second.port}/ws`, 'plenary', token('plenary', 'observer'));
    expect(fresh.text()).toBe(seen);
  });

  it.skipIf(!existsSync('/proc/self/stat'))(
    'once its last room has unloaded, the server sits idle (no CPU spent)',
    async () => {
      const server = await spawn(tempDir());
      const client = await connectSynced(`ws://127.0.0.1:${server.port}/ws`, 'room', token('room', 'delegate', 'Peru'));
      typeInFirstParagraph(client.doc, 'A few words.');
      destroyAllClients();
      await eventually(async () => {
        const health = (await (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json()) as { rooms: number };
        expect(health.rooms).toBe(0);
      });
      await new Promise((settle) => setTimeout(settle, 300));
      const before = cpuSeconds(server.child.pid!);
      await new Promise((settle) => setTimeout(settle, 2000));
      // A busy loop would use about 2 s here; an idle server uses next to nothing.
      expect(cpuSeconds(server.child.pid!) - before).toBeLessThan(0.4);
    },
    20_000,
  );

  it('SIGTERM persists, closes clients with 1001, and exits 0', async () => {
    const dataDir = tempDir();
    const server = await spawn(dataDir);
    const client = await connectSynced(`ws://127.0.0.1:${server.port}/ws`, 'room', token('room', 'secretariat'));
    typeInFirstParagraph(client.doc, 'Before the shutdown.');
    const watcher = await connectSynced(`ws://127.0.0.1:${server.port}/ws`, 'room', token('room', 'observer'));
    await eventually(() => expect(watcher.text()).toContain('Before the shutdown.'));
    const closeCode = waitFor<number>(
      (resolve) => client.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
      10_000,
      'close',
    );
    server.child.kill('SIGTERM');
    expect(await closeCode).toBe(1001);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    destroyAllClients();

    const again = await spawn(dataDir);
    const reader = connectClient(`ws://127.0.0.1:${again.port}/ws`, 'room', token('room', 'observer'));
    await whenSynced(reader);
    expect(reader.text()).toContain('Before the shutdown.');
  });

  it('on first start creates its data directory and secret, seeds a demo room and prints a link to it', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const server = await spawnServer(dataDir);
    running.push(server);
    expect(statSync(join(dataDir, 'secret')).mode & 0o777).toBe(0o600);
    await eventually(() =>
      expect(server.stderr.join('')).toMatch(/http:\/\/127\.0\.0\.1:\d+\/r\/demo#token=acc1\.\S+/),
    );
    const link = /http:\/\/127\.0\.0\.1:\d+\/r\/demo#token=(\S+)/.exec(server.stderr.join(''))!;
    const demo = await connectSynced(`ws://127.0.0.1:${server.port}/ws`, 'demo', link[1]!);
    expect(demo.text()).toContain('1. Thank Honduras for hosting the meeting');
    // Logs are structured, one JSON object a line, and never carry a token.
    for (const line of server.stdout) expect(() => JSON.parse(line)).not.toThrow();
    expect(server.stdout.join('\n')).not.toContain('acc1.');
  });
});

/** User and system CPU seconds of a process so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
