import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../auth/roles';
import { loadSecret } from '../auth/secret';
import { parseTtl, signToken, verifyToken } from '../auth/tokens';
import { RoomRecords } from '../records';
import { SqliteStorage } from '../storage/sqlite-storage';
import { isValidRoomName } from '../storage/storage';
import { databaseFile, dataDirFrom } from './data-dir';
import { CliError } from './errors';
import { TOKEN_USAGE } from './usage';

/**
 * Prints a token signed with the secret `serve` uses (the same data directory, or ACCORD_SECRET), and
 * records it like an invitation, so that `accord revoke` and the secretariat page can revoke it.
 */
export async function tokenCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      room: { type: 'string' },
      role: { type: 'string' },
      delegation: { type: 'string' },
      ttl: { type: 'string', default: '12h' },
      data: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"\nusage: ${TOKEN_USAGE}`);
  if (!isValidRoomName(values.room))
    throw new CliError(`--room must be 1-64 of A-Z a-z 0-9 _ -\nusage: ${TOKEN_USAGE}`);
  if (!isRole(values.role)) throw new CliError(`--role must be one of ${ROLES.join(', ')}\nusage: ${TOKEN_USAGE}`);
  const delegation = values.delegation?.trim();
  if (values.role === 'delegate' && !delegation) throw new CliError('a delegate token needs --delegation NAME');
  let ttlSeconds: number;
  try {
    ttlSeconds = parseTtl(values.ttl);
  } catch (error) {
    throw new CliError(`--ttl: ${(error as Error).message}`);
  }
  const dataDir = dataDirFrom(values.data);
  const { secret } = loadSecret(dataDir);
  const token = signToken(secret, {
    room: values.room,
    role: values.role,
    ttlSeconds,
    ...(delegation ? { delegation } : {}),
  });
  const verified = verifyToken(secret, token);
  if (!verified.ok) throw new Error('a token just made does not verify');
  const storage = new SqliteStorage(databaseFile(dataDir));
  try {
    await new RoomRecords(storage).saveInvitation({
      id: verified.claims.jti,
      room: values.room,
      role: values.role,
      delegation: delegation || null,
      createdAt: new Date(verified.claims.iat * 1000).toISOString(),
      expiresAt: new Date(verified.claims.exp * 1000).toISOString(),
      revokedAt: null,
      token,
      source: 'cli',
    });
  } finally {
    await storage.close();
  }
  process.stdout.write(`${token}\n`);
  process.stderr.write(`token ${verified.claims.jti} recorded: accord revoke ${verified.claims.jti} revokes it\n`);
}
