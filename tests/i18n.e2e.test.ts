import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, shownItems } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { eventually } from './helpers/eventually';

const REPORT = ['1. Open the meeting.', '2. Adopt the agenda.', 'a. as circulated;'].join('\n');

/** Where the README's screenshots go when retaken (ACCORD_SCREENSHOTS=docs), else a temporary folder. */
const shots = process.env.ACCORD_SCREENSHOTS ?? tmpdir();

describe.skipIf(!chromiumAvailable())('the interface in Spanish and French', () => {
  const suite = browserSuite({ report: REPORT });

  it('follows the browser’s language, switches and remembers, sets lang, localises dates; the report is not translated', async () => {
    const name = await suite.room();
    const page = await suite.page();
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'language', { get: () => 'es-ES' });
      Object.defineProperty(navigator, 'languages', { get: () => ['es-ES', 'es'] });
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${suite.server.url}/r/${name}#token=${suite.server.token(name, 'delegate', 'Costa Rica')}`);
    await page.waitForSelector('[data-connection="connected"]');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await page.locator('.outline h2').textContent()).toBe('Acuerdos');
    expect(await page.locator('[data-connection]').textContent()).toBe('Conectado');
    expect(await page.getByRole('button', { name: 'Negrita' }).count()).toBe(1);
    await eventually(async () =>
      expect(await page.locator('.report-counts').textContent()).toBe('2 acuerdos · 1 inciso · 8 palabras'),
    );
    // The report's own words stay as written.
    expect(await shownItems(page)).toContain('1. Open the meeting.');
    const screenshot = joinPath(shots, 'spanish.png');
    await page.screenshot({ path: screenshot });
    expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');

    await page.getByLabel('Idioma').selectOption('fr');
    await eventually(async () => expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr'));
    expect(await page.locator('.outline h2').textContent()).toBe('Accords');
    await page.reload();
    await page.waitForSelector('[data-connection="connected"]');
    expect(await page.locator('.outline h2').textContent()).toBe('Accords');

    // A date in French: the approval banner.
    const token = suite.server.token(name, 'secretariat');
    await fetch(`${suite.server.url}/api/rooms/${name}/approve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    const month = new Date().toLocaleDateString('fr', { month: 'long' });
    await eventually(async () => expect(await page.locator('.banner.approved').textContent()).toContain(`Approuvé le`));
    expect(await page.locator('.banner.approved').textContent()).toContain(month);
  });

  it('a screen reader hears items, and everyone sees “agreed”, in the interface’s language', async () => {
    const name = await suite.room();
    const page = await suite.page();
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'languages', { get: () => ['es-ES', 'es'] });
    });
    await page.goto(`${suite.server.url}/r/${name}#token=${suite.server.token(name, 'delegate', 'Costa Rica')}`);
    await page.waitForSelector('[data-connection="connected"]');
    const label = (reference: string) => page.locator(`li[data-reference="${reference}"] > .item-label`);
    expect(await label('1').textContent()).toBe('acuerdo 1.');
    expect(await label('2.a').textContent()).toBe('acuerdo 2, inciso a.');
    // The secretariat (in English) marks 1 agreed: the Spanish page says so in Spanish.
    const secretariat = await suite.join(name, 'secretariat');
    await secretariat.page.locator('[data-status-for="1."]').click();
    const badge = () => label('1').evaluate((element) => getComputedStyle(element, '::after').content);
    await eventually(async () => expect(await badge()).toBe('"aprobado"'));
    const outlineBadge = () => page.locator('.outline li[data-agreed="true"] .badge-agreed').textContent();
    await eventually(async () => expect(await outlineBadge()).toBe('aprobado'));
    expect(
      await secretariat.page
        .locator('li[data-reference="1"] > .item-label')
        .evaluate((element) => getComputedStyle(element, '::after').content),
    ).toBe('"agreed"');
    // Switching the language says every item again in the new one.
    await page.getByLabel('Idioma').selectOption('fr');
    await eventually(async () => expect(await label('2.a').textContent()).toBe('accord 2, alinéa a.'));
    expect(await label('1').textContent()).toBe('accord 1.');
    expect(await badge()).toBe('"adopté"');
    await eventually(async () => expect(await outlineBadge()).toBe('adopté'));
  });

  it('on a phone, in Spanish (the README’s screenshot)', async () => {
    const name = await suite.room();
    const page = await suite.page();
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'languages', { get: () => ['es-MX', 'es'] });
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${suite.server.url}/r/${name}#token=${suite.server.token(name, 'delegate', 'Costa Rica')}`);
    await page.waitForSelector('[data-connection="connected"]');
    expect(await page.getByRole('button', { name: 'Acuerdos' }).isVisible()).toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    const screenshot = joinPath(shots, 'phone.png');
    await page.screenshot({ path: screenshot });
    expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
  });
});
