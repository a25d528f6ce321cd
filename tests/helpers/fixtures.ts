import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** `../shared/` is beside the project on our machines and in CI, not in a user's clone. */
export const SHARED_DIR = resolve(PROJECT_ROOT, '..', 'shared');
export const RCM_FIXTURE = join(SHARED_DIR, 'fixtures', 'rcm-liaison-network-2013-06-25.txt');
export const OWN_FIXTURES_DIR = join(PROJECT_ROOT, 'tests', 'fixtures');

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Whether a file from `../shared/` is here. Outside CI a missing one skips its tests with a printed
 * reason; under CI it must be present, so a missing one fails loudly instead of skipping.
 */
export function sharedFileAvailable(path: string): boolean {
  if (existsSync(path)) return true;
  if (IN_CI) throw new Error(`${path} is missing, and tests may not skip under CI`);
  console.warn(`skipping: ${path} is not here (../shared/ exists only beside the project)`);
  return false;
}

/** The plain-text reports the project carries itself, in the fixture's layout. */
export function ownTextFixtures(): string[] {
  return readdirSync(OWN_FIXTURES_DIR)
    .filter((name) => name.endsWith('.txt') && !name.startsWith('out-of-order'))
    .map((name) => join(OWN_FIXTURES_DIR, name));
}

/** Each line trimmed and the file's trailing blank lines dropped: how the layout is compared. */
export function normalizeLayout(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n+$/, '');
}
