import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { violations } from './helpers/axe';
import { chromiumAvailable, shownItems } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { eventually } from './helpers/eventually';

const REPORT = [
  'Report of the Liaison Officer Network to Combat Migrant Smuggling and Trafficking in Persons',
  '',
  '1. Open the meeting.',
  '2. Adopt the agenda.',
  'a. as circulated;',
  '3. Close the meeting.',
].join('\n');

/** What the issue measured: sideways scrolling, the text column's width, the title's height. */
async function layout(page: Page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    text: document.querySelector('.report-editor')!.getBoundingClientRect().width,
    titleHeight: document.querySelector('.report-header h1')!.getBoundingClientRect().height,
  }));
}

describe.skipIf(!chromiumAvailable())('every screen size: the text has the width (WCAG 1.4.10)', () => {
  const suite = browserSuite({ report: REPORT });

  for (const [width, height, minimumText] of [
    [390, 844, 330],
    [700, 900, 600],
    [768, 1024, 680],
    [1024, 768, 600],
    [1400, 900, 700],
  ] as const) {
    it(`${width} px: no sideways scrolling, the text at least ${minimumText} px wide, the title readable`, async () => {
      const name = await suite.room();
      const { page } = await suite.join(name, 'delegate', 'Canada');
      await page.setViewportSize({ width, height });
      await eventually(async () => {
        const measured = await layout(page);
        expect(measured.scrollWidth).toBeLessThanOrEqual(measured.viewport);
        expect(measured.text).toBeGreaterThanOrEqual(minimumText);
        // The title wraps onto a few lines at most, never one letter per line.
        expect(measured.titleHeight).toBeLessThan(120);
      });
    });
  }

  it('on a phone the outline is a drawer: open it, choose an agreement, it closes and the caret is there; axe is clean', async () => {
    const name = await suite.room();
    const { page } = await suite.join(name, 'delegate', 'Canada');
    await page.setViewportSize({ width: 390, height: 844 });
    const outline = page.locator('.outline');
    await eventually(async () => expect(await outline.isVisible()).toBe(false));
    const toggle = page.getByRole('button', { name: 'Agreements' });
    await toggle.click();
    await eventually(async () => expect(await outline.isVisible()).toBe(true));
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await violations(page)).toEqual([]);
    await outline.getByRole('button', { name: /^3\./ }).click();
    await eventually(async () => expect(await outline.isVisible()).toBe(false));
    await page.keyboard.type('Now ');
    await eventually(async () => expect(await shownItems(page)).toContain('3. Now Close the meeting.'));
    // The participants panel is a drawer too.
    await page.getByRole('button', { name: 'Participants' }).click();
    await eventually(async () => expect(await page.locator('.side .presence').isVisible()).toBe(true));
    expect(await violations(page)).toEqual([]);
  });
});
