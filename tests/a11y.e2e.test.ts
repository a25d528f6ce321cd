import { describe, expect, it } from 'vitest';
import { violations } from './helpers/axe';
import { chromiumAvailable } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { eventually } from './helpers/eventually';

const REPORT = ['The meeting agreed:', '', '1. Open the meeting.', '2. Adopt the agenda.', 'a. as circulated;'].join(
  '\n',
);

describe.skipIf(!chromiumAvailable())('axe-core finds no WCAG 2.1 A/AA violation (hardening 9)', () => {
  const suite = browserSuite({ report: REPORT });

  it('the report as a delegate, connected', async () => {
    const name = await suite.room();
    const canada = await suite.join(name, 'delegate', 'Canada');
    expect(await violations(canada.page)).toEqual([]);
  });

  it('the report as the secretariat, with the New meeting form open', async () => {
    const name = await suite.room();
    const secretariat = await suite.join(name, 'secretariat');
    await secretariat.page.locator('summary', { hasText: 'New meeting' }).click();
    expect(await violations(secretariat.page)).toEqual([]);
  });

  it('controls are named by what they do to what: formatting buttons, and each agreement’s status button', async () => {
    const name = await suite.room();
    const secretariat = await suite.join(name, 'secretariat');
    for (const label of ['Bold', 'Italic', 'Underline'])
      expect(await secretariat.page.getByRole('button', { name: label, exact: true }).count()).toBe(1);
    await eventually(async () => {
      const names = await secretariat.page
        .locator('[data-status-for]')
        .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
      expect(names).toEqual(['Agree agreement 1', 'Agree agreement 2']);
    });
  });

  it('keyboard: the skip link is the first stop and lands in the text; Esc leaves the text for the toolbar; F6 moves between regions', async () => {
    const name = await suite.room();
    const canada = await suite.join(name, 'delegate', 'Canada');
    const page = canada.page;
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement;
        if (!active) return '';
        for (const region of ['.toolbar', '.report-editor', '.outline', '.side', '.report-header'])
          if (active.closest(region)) return region;
        return active.className;
      });
    // The outline's rows come after a short debounce: F6 needs something to focus there.
    await page.locator('.outline button').first().waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await focused()).toBe('.report-editor'));
    const before = await page.locator('.report-editor').textContent();
    await page.keyboard.press('Escape');
    expect(await focused()).toBe('.toolbar');
    await page.keyboard.press('F6');
    expect(await focused()).toBe('.report-editor');
    await page.keyboard.press('F6');
    expect(await focused()).toBe('.outline');
    await page.keyboard.press('Shift+F6');
    expect(await focused()).toBe('.report-editor');
    // None of it changed the report.
    expect(await page.locator('.report-editor').textContent()).toBe(before);
  });

  it('every panel and state: compare, projector, negotiation with proposals, find, the keys dialog, an observer', async () => {
    const name = await suite.room();
    const secretariat = await suite.join(name, 'secretariat');
    const page = secretariat.page;
    page.on('dialog', (dialog) => void dialog.accept('Before'));
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.locator('.versions li').first().waitFor();
    await page.locator('.versions li').first().getByRole('button', { name: 'Compare' }).click();
    await page.locator('dialog.comparison').waitFor();
    expect(await violations(page), 'compare').toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByLabel('Negotiation: delegations propose').click();
    await page.locator('.banner.negotiation').waitFor();
    const canada = await suite.join(name, 'delegate', 'Canada');
    await canada.page.locator('.report-editor li p').first().click();
    await canada.page.keyboard.type(' proposed');
    await page.locator('.proposals-panel li').first().waitFor();
    expect(await violations(page), 'negotiation, secretariat').toEqual([]);
    expect(await violations(canada.page), 'negotiation, delegate').toEqual([]);
    await canada.page.keyboard.press('Control+f');
    await canada.page.keyboard.type('proposed');
    expect(await violations(canada.page), 'find').toEqual([]);
    await canada.page.keyboard.press('Escape');
    await canada.page.locator('h1').click();
    await canada.page.keyboard.press('?');
    await canada.page.locator('dialog.shortcuts').waitFor();
    expect(await violations(canada.page), 'keys').toEqual([]);
    await canada.page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Projector' }).click();
    expect(await violations(page), 'projector').toEqual([]);
    const observer = await suite.join(name, 'observer');
    expect(await violations(observer.page), 'observer').toEqual([]);
    // Three browsers and seven axe passes: 30 s was too tight on a loaded 2-core CI machine.
  }, 90_000);

  it('the text is a few Tab stops from the top (the toolbar is one stop; arrows move inside it)', async () => {
    const name = await suite.room();
    const { page } = await suite.join(name, 'delegate', 'Canada');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const stops: string[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        return active?.classList.contains('report-editor')
          ? 'TEXT'
          : `${active?.tagName} ${active?.getAttribute('aria-label') ?? active?.textContent?.slice(0, 20)}`;
      });
      stops.push(stop);
      if (stop === 'TEXT') break;
    }
    expect(stops.length, stops.join(' | ')).toBeLessThanOrEqual(10);
    // Inside the toolbar the arrows move between its buttons.
    await page.getByRole('button', { name: 'Bold' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Italic');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.closest('.toolbar') !== null)).toBe(true);
  });

  it('screen readers hear arrivals and departures once, and not every save while typing', async () => {
    const name = await suite.room();
    const canada = await suite.join(name, 'delegate', 'Canada');
    const mexico = await suite.join(name, 'delegate', 'Mexico');
    const announcement = canada.page.locator('[data-announcement]');
    await eventually(async () => expect(await announcement.textContent()).toBe('Mexico joined.'));
    await mexico.context.close();
    await eventually(async () => expect(await announcement.textContent()).toBe('Mexico left.'));
    // The saved indicator is not a live region; only the connection state is.
    expect(await canada.page.locator('.status [aria-live]').count()).toBe(1);
    expect(await canada.page.locator('.status [aria-live]').getAttribute('data-connection')).toBe('connected');
  });

  it('a sub-item is read with its agreement: “agreement 2, sub-item a.”', async () => {
    const name = await suite.room();
    const canada = await suite.join(name, 'delegate', 'Canada');
    expect(await canada.page.locator('li[data-reference="2.a"] > .item-label').textContent()).toBe(
      'agreement 2, sub-item a.',
    );
  });

  it('the home page', async () => {
    const page = await suite.page();
    await page.goto(suite.server.url);
    await page.locator('main').first().waitFor();
    expect(await violations(page)).toEqual([]);
  });

  it('a new room with an empty report', async () => {
    const fresh = await suite.join('emptyroom', 'delegate', 'Canada');
    expect(await violations(fresh.page)).toEqual([]);
  });

  it('the report when the connection is lost (the status in its warning colour)', async () => {
    const name = await suite.room();
    const canada = await suite.join(name, 'delegate', 'Canada');
    await canada.context.setOffline(true);
    await canada.page.locator('[data-connection="offline"]').waitFor();
    expect(await violations(canada.page)).toEqual([]);
  });
});
