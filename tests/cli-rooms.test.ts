import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyToken } from '../sync-server/auth/tokens';
import { runAccord } from './helpers/cli';
import { normalizeLayout, ownTextFixtures, PROJECT_ROOT } from './helpers/fixtures';
import { tempDir } from './helpers/test-server';

/** Without ACCORD_SECRET from the environment: the data directory's secret is the one under test. */
const accord = (args: string[], env: NodeJS.ProcessEnv = {}) => runAccord(args, { ACCORD_SECRET: '', ...env });

const mixed = ownTextFixtures().find((file) => file.includes('mixed'))!;

describe('accord token', () => {
  it('prints one token, signed with the data directory’s secret, created owner-only on first use', async () => {
    const data = tempDir();
    const run = await accord([
      'token',
      '--room',
      'plenary',
      '--role',
      'delegate',
      '--delegation',
      'Costa Rica',
      '--ttl',
      '15m',
      '--data',
      data,
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^acc1\.[\w-]+\.[\w-]+\n$/);
    const secret = readFileSync(join(data, 'secret'), 'utf8').trim();
    expect(statSync(join(data, 'secret')).mode & 0o777).toBe(0o600);
    const verified = verifyToken(secret, run.stdout.trim());
    expect(verified).toMatchObject({
      ok: true,
      claims: { room: 'plenary', role: 'delegate', delegation: 'Costa Rica' },
    });
    if (verified.ok) expect(verified.claims.exp - verified.claims.iat).toBe(900);
  });

  it('ACCORD_SECRET wins over the secret in the data directory', async () => {
    const run = await accord(['token', '--room', 'r', '--role', 'observer', '--data', tempDir()], {
      ACCORD_SECRET: 'from-env',
    });
    expect(verifyToken('from-env', run.stdout.trim()).ok).toBe(true);
  });

  it.each([
    [['--room', 'r', '--role', 'chair'], /--role must be one of secretariat, delegate, observer/],
    [['--room', 'bad room', '--role', 'observer'], /--room must be 1-64/],
    [['--room', 'r', '--role', 'delegate'], /a delegate token needs --delegation NAME/],
    [['--room', 'r', '--role', 'observer', '--ttl', 'forever'], /--ttl: a duration is a number and a unit/],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await accord(['token', ...args, '--data', tempDir()]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});

describe('accord import and export', () => {
  it('imports a file into a room and exports it back in every text format', async () => {
    const data = tempDir();
    const imported = await accord(['import', mixed, '--room', 'committee', '--data', data]);
    expect(imported.status).toBe(0);
    const text = await accord(['export', 'committee', '--format', 'txt', '--data', data]);
    expect(text.status).toBe(0);
    expect(normalizeLayout(text.stdout)).toBe(normalizeLayout(readFileSync(mixed, 'utf8')));
    const out = join(data, 'committee.md');
    expect((await accord(['export', 'committee', '--format', 'md', '--out', out, '--data', data])).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('   (a) circulate the revised terms of reference');
  });

  it('importing again replaces the report', async () => {
    const data = tempDir();
    await accord(['import', mixed, '--room', 'r', '--data', data]);
    await accord([
      'import',
      join(PROJECT_ROOT, 'tests', 'fixtures', 'out-of-order.txt'),
      '--room',
      'r',
      '--data',
      data,
    ]);
    const text = await accord(['export', 'r', '--data', data]);
    expect(text.stdout).toContain('2. Adopt the agenda.');
    expect(text.stdout).not.toContain('Honduras');
  });

  it.each([
    [['export', 'nowhere', '--data', '/nonexistent-accord-dir'], /no Accord data here/],
    [['export', 'missing-room', '--data', '{DATA}'], /there is no room "missing-room"/],
    [['import', 'missing.txt', '--room', 'r', '--data', '{DATA}'], /missing\.txt: cannot read the file/],
    [['import', mixed, '--room', '../../etc', '--data', '{DATA}'], /--room must be 1-64/],
  ])('refuses %j with exit 2', async (args, message) => {
    const data = tempDir();
    await accord(['import', mixed, '--room', 'exists', '--data', data]);
    const run = await accord(args.map((arg) => arg.replace('{DATA}', data)));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
