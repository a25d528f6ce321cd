import { describe, expect, it } from 'vitest';
import { caretIn, chromiumAvailable, shownItems } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { connectSynced, destroyAllClients } from './helpers/clients';
import { eventually } from './helpers/eventually';
import { deeplyNestedUpdate } from './helpers/hostile';
import { rawConnect, syncUpdateMessage } from './helpers/raw-client';

const REPORT = [
  'The meeting agreed:',
  '',
  '1. Open the meeting.',
  '2. Adopt the agenda.',
  '3. Close the meeting.',
].join('\n');

describe.skipIf(!chromiumAvailable())('attacks seen from the real editor', () => {
  const suite = browserSuite({ report: REPORT });
  const { room, join, serverText } = suite;

  it('a delegate announcing a fake approval in its presence freezes nobody’s editor', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const mallory = await connectSynced(suite.server.wsUrl, name, suite.server.token(name, 'delegate', 'Mallory'));
    try {
      mallory.provider.awareness.setLocalStateField('accord', {
        approval: { versionId: 'fake', at: '2020-01-01T00:00:00.000Z', by: 'Mallory' },
      });
      // Once Mallory is listed as present, its presence has reached the page.
      await eventually(async () => expect(await canada.page.locator('.presence').textContent()).toContain('Mallory'));
      expect(await canada.page.locator('.banner.approved').count()).toBe(0);
      expect(await canada.page.locator('.report-editor').getAttribute('contenteditable')).toBe('true');
      await caretIn(canada.page, '1');
      await canada.page.keyboard.type(' Still editing.');
      await eventually(async () => expect(await serverText(name)).toContain('1. Open the meeting. Still editing.'));
    } finally {
      destroyAllClients();
    }
  });

  it('20,000 nested elements from a raw client never reach the editors: agreements stay, typing is saved', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const witness = await connectSynced(suite.server.wsUrl, name, suite.server.token(name, 'observer'));
    try {
      const raw = await rawConnect(
        `${suite.server.wsUrl}/${name}?token=${suite.server.token(name, 'delegate', 'Mallory')}`,
      );
      raw.send(syncUpdateMessage(deeplyNestedUpdate(witness.doc, 31_337, 20_000)));
      expect((await raw.closed).code).toBe(4400);
      expect(await shownItems(canada.page)).toEqual([
        '1. Open the meeting.',
        '2. Adopt the agenda.',
        '3. Close the meeting.',
      ]);
      await caretIn(canada.page, '3');
      await canada.page.keyboard.type(' Done.');
      await eventually(async () => expect(await serverText(name)).toContain('3. Close the meeting. Done.'));
      await eventually(async () =>
        expect(await canada.page.locator('[data-saved]').getAttribute('data-saved')).toBe('true'),
      );
    } finally {
      destroyAllClients();
    }
  });

  it('a page built for an older schema is told to reload and cannot edit; the browser’s copy stays on screen', async () => {
    const name = await room();
    const page = await suite.page();
    await page.goto(`${suite.server.url}/r/${name}#token=${suite.server.token(name, 'delegate', 'Canada')}`);
    await page.waitForSelector('[data-saved="true"]');
    await eventually(async () =>
      expect(await page.locator('.report-editor').textContent()).toContain('Adopt the agenda.'),
    );
    // The server is upgraded; this tab still runs yesterday's editor, declaring the schema it was built for.
    await page.addInitScript(() => {
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(String(url).replace(/schema=\d+/, 'schema=1'), protocols);
        }
      } as typeof WebSocket;
    });
    await page.reload();
    await eventually(async () =>
      expect(await page.locator('[data-outdated]').textContent()).toContain('Reload the page'),
    );
    expect(await page.locator('.report-editor').getAttribute('contenteditable')).toBe('false');
    // The browser's own copy still shows the report.
    await eventually(async () =>
      expect(await page.locator('.report-editor').textContent()).toContain('Adopt the agenda.'),
    );
  });

  it('a revoked link turns the editor read-only, its text kept', async () => {
    const created = await fetch(`${suite.server.url}/api/meetings`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${suite.server.token('any', 'secretariat')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ title: 'Revocation', date: '2026-12-03', delegations: ['Belize'] }),
    }).then((response) => response.json() as Promise<{ room: string; invitations: { id: string; path: string }[] }>);
    const secretariatToken = created.invitations[0]!.path.split('#token=')[1]!;
    const belize = created.invitations[1]!;
    const page = await suite.page();
    await page.goto(`${suite.server.url}${belize.path}`);
    await page.locator('.report-editor').waitFor();
    await page.locator('.report-editor').click();
    await page.keyboard.type('Belize was here.');
    await eventually(async () => expect(await serverText(created.room)).toContain('Belize was here.'));
    await fetch(`${suite.server.url}/api/invitations/${belize.id}/revoke`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secretariatToken}` },
    });
    await eventually(async () =>
      expect(await page.locator('.report-editor').getAttribute('contenteditable')).toBe('false'),
    );
    expect(await page.locator('.report-editor').textContent()).toContain('Belize was here.');
    expect(await page.locator('.banner.error').textContent()).toContain('revoked');
  });
});
