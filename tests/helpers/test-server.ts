import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { importText, reportToYDoc } from '../../schema/index';
import type { Role } from '../../sync-server/auth/roles';
import { signToken } from '../../sync-server/auth/tokens';
import type { HubOptions } from '../../sync-server/config';
import { type Logger, silentLogger } from '../../sync-server/logger';
import { type RunningServer, startServer } from '../../sync-server/server';
import { SqliteStorage } from '../../sync-server/storage/sqlite-storage';
import type { Storage } from '../../sync-server/storage/storage';

export const TEST_SECRET = 'test-secret-not-for-production';

export interface TestServer extends RunningServer {
  wsUrl: string;
  storage: Storage;
  dataDir: string;
  token(room: string, role: Role, delegation?: string, ttlSeconds?: number): string;
  /** Stops the server and closes its storage. */
  stop(): Promise<void>;
}

export function tempDir(prefix = 'accord-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A real server on a random port with a real SQLite file (unless given another storage). */
export async function startTestServer(
  options: {
    dataDir?: string;
    storage?: Storage;
    hub?: Partial<HubOptions>;
    log?: Logger;
    editorDir?: string | null;
    demo?: boolean;
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const storage = options.storage ?? new SqliteStorage(join(dataDir, 'accord.db'));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    storage,
    secret: TEST_SECRET,
    log: options.log ?? silentLogger,
    hub: { unloadDelayMs: 50, ...options.hub },
    editorDir: options.editorDir ?? null,
    demo: options.demo ?? false,
  });
  return {
    ...server,
    wsUrl: `ws://127.0.0.1:${server.port}/ws`,
    storage,
    dataDir,
    token: (room, role, delegation, ttlSeconds = 3600) =>
      signToken(TEST_SECRET, { room, role, ttlSeconds, ...(delegation ? { delegation } : {}) }),
    stop: async () => {
      await server.close();
      await storage.close();
    },
  };
}

/** A logger that keeps every event, to assert on what the server logged. */
export function recordingLogger(): Logger & {
  events: { level: string; event: string; fields: Record<string, unknown> }[];
} {
  const events: { level: string; event: string; fields: Record<string, unknown> }[] = [];
  return {
    events,
    info: (event, fields = {}) => events.push({ level: 'info', event, fields }),
    warn: (event, fields = {}) => events.push({ level: 'warn', event, fields }),
    error: (event, fields = {}) => events.push({ level: 'error', event, fields }),
  };
}

/** Stores a report in a room before anyone connects, as `accord import` does. */
export async function seedRoom(storage: Storage, room: string, text: string): Promise<void> {
  await storage.append(room, [Y.encodeStateAsUpdate(reportToYDoc(importText(text).report))]);
}
