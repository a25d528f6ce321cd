import { join } from 'node:path';
import { MemoryStorage } from '../sync-server/storage/memory-storage';
import { SqliteStorage } from '../sync-server/storage/sqlite-storage';
import { runStorageContract } from './helpers/storage-contract';
import { tempDir } from './helpers/test-server';

runStorageContract('memory', async () => ({ storage: new MemoryStorage() }));

runStorageContract('SQLite', async () => {
  const file = join(tempDir(), 'accord.db');
  return { storage: new SqliteStorage(file), reopen: async () => new SqliteStorage(file) };
});
