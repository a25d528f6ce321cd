import { parseArgs } from 'node:util';
import { RoomRecords } from '../records';
import { SqliteStorage } from '../storage/sqlite-storage';
import { isValidRoomName } from '../storage/storage';
import { databaseFile, dataDirFrom } from './data-dir';
import { CliError } from './errors';
import { REVOKE_USAGE, TOKENS_USAGE } from './usage';

/** `accord tokens list --room R`: every link of the room (invitations and `accord token` links). */
export async function tokensCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new CliError(`usage: ${TOKENS_USAGE}`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { room: { type: 'string' }, data: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"\nusage: ${TOKENS_USAGE}`);
  if (!isValidRoomName(values.room))
    throw new CliError(`--room must be 1-64 of A-Z a-z 0-9 _ -\nusage: ${TOKENS_USAGE}`);
  const storage = new SqliteStorage(databaseFile(dataDirFrom(values.data)));
  try {
    const links = await new RoomRecords(storage).invitations(values.room);
    process.stdout.write('id\trole\tdelegation\tcreated\texpires\trevoked\tmade by\n');
    for (const link of links) {
      process.stdout.write(
        `${[
          link.id,
          link.role,
          link.delegation ?? '',
          link.createdAt,
          link.expiresAt,
          link.revokedAt ?? '',
          link.source === 'cli' ? 'accord token' : 'meeting',
        ].join('\t')}\n`,
      );
    }
  } finally {
    await storage.close();
  }
}

/**
 * `accord revoke ID`: the link stops working at once for new connections; a running server closes
 * its open connections within a few seconds (it checks open links' revocations periodically).
 */
export async function revokeCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { data: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new CliError(`expected one token id\nusage: ${REVOKE_USAGE}`);
  const id = positionals[0]!;
  const storage = new SqliteStorage(databaseFile(dataDirFrom(values.data)));
  try {
    const records = new RoomRecords(storage);
    const link = await records.invitation(id);
    if (!link) throw new CliError(`no token or invitation "${id}" (see accord tokens list --room ROOM)`);
    if (!link.revokedAt) await records.saveInvitation({ ...link, revokedAt: new Date().toISOString() });
    process.stderr.write(
      `revoked ${id} (${link.role}${link.delegation ? `, ${link.delegation}` : ''}, room ${link.room})\n`,
    );
  } finally {
    await storage.close();
  }
}
