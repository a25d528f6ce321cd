import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAccord } from './helpers/cli';
import { appendParagraph, connectSynced, destroyAllClients } from './helpers/clients';
import { eventually } from './helpers/eventually';
import { rawConnect } from './helpers/raw-client';
import { seedRoom, startTestServer, TEST_SECRET, type TestServer, tempDir } from './helpers/test-server';

/** The CLI as an operator runs it, next to a running server on the same data directory (same secret). */
const accord = (args: string[]) => runAccord(args, { ACCORD_SECRET: TEST_SECRET });

let s: TestServer | undefined;
afterEach(async () => {
  destroyAllClients();
  await s?.stop();
  s = undefined;
});

describe('links made with accord token can be listed and revoked (hardening 5)', () => {
  it('accord revoke closes a running server’s connections with that link within seconds, and it cannot connect again', async () => {
    s = await startTestServer({ hub: { revocationCheckMs: 100 } });
    await seedRoom(s.storage, 'plenary', '1. Open the meeting.');
    const made = await accord([
      'token',
      '--room',
      'plenary',
      '--role',
      'delegate',
      '--delegation',
      'Peru',
      '--data',
      s.dataDir,
    ]);
    expect(made.status, made.stderr).toBe(0);
    const token = made.stdout.trim();
    const listed = await accord(['tokens', 'list', '--room', 'plenary', '--data', s.dataDir]);
    const line = listed.stdout.split('\n').find((row) => row.includes('Peru'))!;
    expect(line).toContain('accord token');
    const id = line.split('\t')[0]!;
    // The secretariat page lists it too.
    const invitations = await fetch(
      `${s.url}/api/rooms/plenary/invitations?token=${s.token('plenary', 'secretariat')}`,
    );
    expect(
      ((await invitations.json()) as { invitations: { id: string; source?: string }[] }).invitations,
    ).toContainEqual(expect.objectContaining({ id, source: 'cli' }));
    const peru = await rawConnect(`${s.wsUrl}/plenary?token=${token}`);
    await eventually(() => expect(peru.messages.length).toBeGreaterThan(0));
    const revoked = await accord(['revoke', id, '--data', s.dataDir]);
    expect(revoked.status).toBe(0);
    expect(await peru.closed).toEqual({ code: 4403, reason: 'this invitation has been revoked' });
    const again = await rawConnect(`${s.wsUrl}/plenary?token=${token}`);
    expect((await again.closed).code).toBe(4403);
    const unknown = await accord(['revoke', 'no-such-id', '--data', s.dataDir]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no token or invitation "no-such-id"');
  });
});

describe('backups (hardening 6)', () => {
  it('a backup taken while a delegate types restores every update acknowledged before it began', async () => {
    s = await startTestServer();
    await seedRoom(s.storage, 'plenary', '1. Open the meeting.');
    const typist = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', 'Peru'));
    const witness = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'observer'));
    let word = 0;
    const typing = setInterval(() => appendParagraph(typist.doc, `word${++word}`), 5);
    await eventually(() => expect(witness.text()).toContain('word20'));
    // What the witness has received, the server had stored (it broadcasts only stored updates).
    const acknowledged = witness.text();
    const backup = join(tempDir(), 'accord-backup.db');
    const run = await accord(['backup', '--out', backup, '--data', s.dataDir]);
    clearInterval(typing);
    expect(run.status, run.stderr).toBe(0);
    const restored = tempDir();
    expect((await accord(['restore', backup, '--data', restored])).status).toBe(0);
    const exported = await accord(['export', 'plenary', '--format', 'txt', '--data', restored]);
    expect(exported.status, exported.stderr).toBe(0);
    for (const line of acknowledged.split('\n').filter(Boolean)) expect(exported.stdout).toContain(line);
  });

  it('restoring a file that is not a backup says which file and why, with exit 2, and changes nothing', async () => {
    const junk = join(tempDir(), 'notes.db');
    writeFileSync(junk, 'these are not the data you are looking for');
    const run = await accord(['restore', junk, '--data', tempDir()]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${junk}: not a readable SQLite database`);
    const existing = await accord(['backup', '--out', junk, '--data', tempDir()]);
    expect(existing.status).toBe(2);
  });
});
