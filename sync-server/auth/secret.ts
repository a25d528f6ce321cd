import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE = 'secret';

/**
 * The HMAC secret that signs tokens: `ACCORD_SECRET` when set, otherwise the one kept in the data
 * directory, generated on first use with owner-only permissions so `serve` and `token` agree.
 */
export function loadSecret(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): { secret: string; created: boolean } {
  const fromEnv = env.ACCORD_SECRET;
  if (fromEnv && fromEnv.trim() !== '') return { secret: fromEnv.trim(), created: false };
  const file = join(dataDir, SECRET_FILE);
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored !== '') return { secret: stored, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  // 'wx' fails if another process created it meanwhile; then theirs wins.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return { secret, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return { secret: readFileSync(file, 'utf8').trim(), created: false };
    throw error;
  }
}
