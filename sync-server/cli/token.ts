import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../auth/roles';
import { loadSecret } from '../auth/secret';
import { parseTtl, signToken } from '../auth/tokens';
import { isValidRoomName } from '../storage/storage';
import { dataDirFrom } from './data-dir';
import { CliError } from './errors';

export const TOKEN_USAGE = `accord token --room ROOM --role ${ROLES.join('|')} [--delegation NAME] [--ttl 12h] [--data DIR]`;

/** Prints a token signed with the secret `serve` uses (the same data directory, or ACCORD_SECRET). */
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
  const { secret } = loadSecret(dataDirFrom(values.data));
  process.stdout.write(
    `${signToken(secret, { room: values.room, role: values.role, ttlSeconds, ...(delegation ? { delegation } : {}) })}\n`,
  );
}
