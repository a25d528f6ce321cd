import { join, resolve } from 'node:path';

/** `--data`, else `ACCORD_DATA_DIR`, else `./data`: the same rule for every command, so they agree. */
export function dataDirFrom(option: string | undefined): string {
  return resolve(option ?? process.env.ACCORD_DATA_DIR ?? './data');
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'accord.db');
}
