import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { caretIn, chromiumAvailable, shownItems } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { eventually } from './helpers/eventually';
import { seedRoom } from './helpers/test-server';

const REPORT = [
  'The meeting agreed:',
  '',
  '1. Open the meeting.',
  '2. Adopt the agenda.',
  '3. Close the meeting.',
].join('\n');

describe.skipIf(!chromiumAvailable())('the secretariat in Chromium', () => {
  const suite = browserSuite({ report: REPORT });
  const { room, join, serverText } = suite;
  const answerDialogs = (page: Page, text?: string) => page.on('dialog', (dialog) => void dialog.accept(text));

  it('an agreement marked agreed shows its lock to delegates, who cannot change it but can change the others', async () => {
    const name = await room();
    const secretariat = await join(name, 'secretariat');
    const canada = await join(name, 'delegate', 'Canada');
    await secretariat.page.locator('[data-status-for="2."]').click();
    await eventually(async () =>
      expect(await canada.page.locator('li[data-label="2."]').getAttribute('data-status')).toBe('agreed'),
    );
    expect(
      await canada.page
        .locator('li[data-label="2."] .item-label')
        .evaluate((el) => getComputedStyle(el, '::after').content),
    ).toContain('agreed');

    await caretIn(canada.page, '2');
    await canada.page.keyboard.type(' Canada objects.');
    await expect(canada.page.locator('.banner.notice').textContent()).resolves.toContain('locked');
    // What was refused stays where it can be copied.
    expect(await canada.page.locator('.refused-text').textContent()).toBe(' Canada objects.');
    await caretIn(canada.page, '3');
    await canada.page.keyboard.type(' Canada adds.');
    await eventually(async () => expect(await serverText(name)).toContain('3. Close the meeting. Canada adds.'));
    expect(await serverText(name)).toContain('2. Adopt the agenda.\n');
    expect(await shownItems(canada.page)).toContain('2. Adopt the agenda.');
  });

  it('approval shows “Approved on … by …” to everyone and freezes the editors; reopening lifts it', async () => {
    const name = await room();
    const secretariat = await join(name, 'secretariat');
    const mexico = await join(name, 'delegate', 'Mexico');
    answerDialogs(secretariat.page);
    await secretariat.page.getByRole('button', { name: 'Approve report' }).click();
    for (const page of [secretariat.page, mexico.page]) {
      await eventually(async () =>
        expect(await page.locator('.banner.approved').textContent()).toMatch(/^Approved on .+ by Secretariat/),
      );
      expect(await page.locator('.report-editor').getAttribute('contenteditable')).toBe('false');
    }
    await secretariat.page.getByRole('button', { name: 'Reopen report' }).click();
    await eventually(async () => expect(await mexico.page.locator('.banner.approved').count()).toBe(0));
    await eventually(async () =>
      expect(await mexico.page.locator('.report-editor').getAttribute('contenteditable')).toBe('true'),
    );
  });

  it('the secretariat page saves and compares versions, and lists invitations with a QR code and revocation', async () => {
    const created = await fetch(`${suite.server.url}/api/meetings`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${suite.server.token('any', 'secretariat')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ title: 'Browser meeting', date: '2026-11-30', delegations: ['Belize', 'Chile'] }),
    }).then(
      (response) =>
        response.json() as Promise<{
          room: string;
          invitations: { role: string; delegation: string | null; path: string; id: string }[];
        }>,
    );
    const room = created.room;
    await seedRoom(suite.server.storage, room, REPORT);
    const link = (delegation: string | null, role: string) =>
      created.invitations.find((i) => i.role === role && i.delegation === delegation)!.path;

    const page = await suite.page();
    await page.goto(`${suite.server.url}${link(null, 'secretariat')}`);
    await page.waitForSelector('[data-connection="connected"]');
    // The header names the meeting, not its room id, and the role once.
    await eventually(async () => expect(await page.locator('h1').textContent()).toBe('Browser meeting'));
    expect(await page.locator('.me').textContent()).toBe('Secretariat');
    answerDialogs(page, 'Before lunch');
    await page.getByRole('button', { name: 'Save version' }).click();
    await eventually(async () =>
      expect(await page.locator('.versions li').first().textContent()).toContain('Before lunch'),
    );

    await caretIn(page, '1');
    await page.keyboard.type(' formally');
    await eventually(async () => expect(await serverText(room)).toContain('Open the meeting. formally'));
    await page.locator('.versions li').first().getByRole('button', { name: 'Compare' }).click();
    await eventually(async () =>
      expect((await page.locator('.comparison ins').allTextContents()).map((t) => t.trim())).toContain('formally'),
    );
    // The comparison has the page's width (the projector can show it), names items as people do, and Esc closes it.
    const width = await page.locator('dialog.comparison').evaluate((element) => element.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(0.8 * (await page.evaluate(() => window.innerWidth)));
    expect(await page.locator('dialog.comparison li strong').first().textContent()).toBe('1');
    await page.keyboard.press('Escape');
    await eventually(async () => expect(await page.locator('dialog.comparison').count()).toBe(0));

    await eventually(async () => expect(await page.locator('.invitations li').count()).toBe(4));
    await page.locator('.invitations li', { hasText: 'Belize' }).getByRole('button', { name: 'QR' }).click();
    expect(await page.locator('.qr img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    // Focus enters the dialog; Esc closes it.
    expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.locator('.qr').count()).toBe(0);
    // The export menu closes on Esc and on a click elsewhere.
    const exportMenu = page.locator('details.export-menu');
    await exportMenu.locator('summary').click();
    expect(await exportMenu.getAttribute('open')).not.toBeNull();
    await page.keyboard.press('Escape');
    expect(await exportMenu.getAttribute('open')).toBeNull();
    await exportMenu.locator('summary').click();
    await page.locator('.outline h2').click();
    expect(await exportMenu.getAttribute('open')).toBeNull();
    const asked: string[] = [];
    page.on('dialog', (dialog) => asked.push(dialog.message()));

    const belize = await suite.page();
    await belize.goto(`${suite.server.url}${link('Belize', 'delegate')}`);
    await belize.waitForSelector('[data-connection="connected"]');
    await page.locator('.invitations li', { hasText: 'Belize' }).getByRole('button', { name: 'Revoke' }).click();
    await eventually(async () =>
      expect(await belize.locator('.banner.error').textContent()).toContain('this invitation has been revoked'),
    );
    await eventually(async () => expect(await page.locator('.invitations li[data-revoked="true"]').count()).toBe(1));
    // Revoking asked first, naming whose link.
    expect(asked).toContainEqual(expect.stringContaining('Revoke the link of Belize?'));
  });
});
