import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { SqliteStorage } from '../storage/sqlite-storage';
import { databaseFile, dataDirFrom } from './data-dir';
import { CliError } from './errors';
import { BACKUP_USAGE, RESTORE_USAGE } from './usage';

/**
 * `accord backup --out FILE`: SQLite's online backup of the data, consistent while the server runs
 * and writes (every update stored before the backup began is in it).
 */
export async function backupCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: 'string' }, data: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length > 0 || !values.out) throw new CliError(`usage: ${BACKUP_USAGE}`);
  const source = databaseFile(dataDirFrom(values.data));
  if (!existsSync(source)) throw new CliError(`${source}: no Accord data here (see --data)`);
  if (existsSync(values.out)) throw new CliError(`${values.out}: already exists; choose a new file`);
  const storage = new SqliteStorage(source);
  try {
    await storage.backup(values.out);
  } finally {
    await storage.close();
  }
  process.stderr.write(`backed up ${source} to ${values.out}\n`);
}

/** `accord restore FILE`: the data directory's database becomes the backup's. Stop the server first. */
export async function restoreCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { data: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new CliError(`expected one backup file\nusage: ${RESTORE_USAGE}`);
  const file = positionals[0]!;
  if (!existsSync(file)) throw new CliError(`${file}: no such file`);
  let tables: string[];
  try {
    const check = new Database(file, { readonly: true, fileMustExist: true });
    try {
      tables = check
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((row) => row.name);
      const integrity = check.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`integrity check: ${String(integrity)}`);
    } finally {
      check.close();
    }
  } catch (error) {
    throw new CliError(`${file}: not a readable SQLite database (${(error as Error).message})`);
  }
  for (const table of ['snapshots', 'updates', 'records'])
    if (!tables.includes(table)) throw new CliError(`${file}: not an Accord backup (no ${table} table)`);
  const target = databaseFile(dataDirFrom(values.data));
  // The old write-ahead log belongs to the old database: it must not be replayed onto the backup.
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(file, target);
  process.stderr.write(`restored ${file} into ${target}\n`);
}
