import { describe, expect, it } from 'vitest';
import { caretIn, chromiumAvailable, shownItems } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { eventually } from './helpers/eventually';

const REPORT = [
  'The meeting agreed:',
  '',
  '1. Open the meeting.',
  '2. Adopt the agenda of the reunión.',
  'a. as circulated;',
  '3. Close the meeting.',
].join('\n');

describe.skipIf(!chromiumAvailable())('find in the report, counts, and the list of keys', () => {
  const { room, join } = browserSuite({ report: REPORT });

  it('Ctrl-F finds every match (accents and case aside), Enter and Shift-Enter move, Esc goes back to the text at the match', async () => {
    const name = await room();
    const { page } = await join(name, 'delegate', 'Canada');
    await caretIn(page, '1', 'start');
    await page.keyboard.press('Control+f');
    const input = page.getByRole('searchbox', { name: 'Find' });
    await eventually(async () =>
      expect(await input.evaluate((element) => element === document.activeElement)).toBe(true),
    );
    await page.keyboard.type('MEETING');
    const count = page.locator('.find-count');
    // From the caret (in agreement 1) on: the preamble's "meeting" is the first of three, 1's the second.
    await eventually(async () => expect(await count.textContent()).toBe('2 of 3'));
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await count.textContent()).toBe('3 of 3'));
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.press('Shift+Enter');
    await eventually(async () => expect(await count.textContent()).toBe('1 of 3'));
    expect(await page.locator('.report-editor .find-current').textContent()).toBe('meeting');
    await input.fill('reunion');
    await eventually(async () => expect(await count.textContent()).toBe('1 of 1'));
    expect(await page.locator('.report-editor .find-current').textContent()).toBe('reunión');
    await page.keyboard.press('Escape');
    await eventually(async () => expect(await page.locator('.find-bar').count()).toBe(0));
    expect(await page.locator('.report-editor .find-match').count()).toBe(0);
    // Back in the text with the match selected: typing replaces it.
    await page.keyboard.type('meeting');
    await eventually(async () => expect(await shownItems(page)).toContain('2. Adopt the agenda of the meeting.'));
  });

  it('the outline counts agreements, sub-items and words, and follows the text', async () => {
    const name = await room();
    const { page } = await join(name, 'delegate', 'Canada');
    const counts = page.locator('.report-counts');
    await eventually(async () => expect(await counts.textContent()).toBe('3 agreements · 1 sub-item · 17 words'));
    await caretIn(page, '3');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Thank the host.');
    await eventually(async () => expect(await counts.textContent()).toBe('4 agreements · 1 sub-item · 20 words'));
  });

  it('? outside the text lists the keys in a dialog that Esc closes; in the text it is a question mark', async () => {
    const name = await room();
    const { page } = await join(name, 'delegate', 'Canada');
    await page.locator('h1').click();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await eventually(async () => expect(await dialog.isVisible()).toBe(true));
    expect(await dialog.textContent()).toContain('Ctrl+F');
    await page.keyboard.press('Escape');
    await eventually(async () => expect(await dialog.count()).toBe(0));
    await caretIn(page, '1');
    await page.keyboard.type('?');
    await eventually(async () => expect(await shownItems(page)).toContain('1. Open the meeting.?'));
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('the outline goes to "2 (a)", filters by status, and marks the agreement the caret is in', async () => {
    const name = await room();
    const { page } = await join(name, 'delegate', 'Canada');
    await page.getByLabel('Go to').fill('2 (a)');
    await page.keyboard.press('Enter');
    // The caret is at the start of 2 (a).
    await page.keyboard.type('All ');
    await eventually(async () => expect(await shownItems(page)).toContain('a. All as circulated;'));
    await eventually(async () =>
      expect(await page.locator('.outline li[data-current] .outline-label').textContent()).toBe('2.'),
    );
    await page.getByLabel('Go to').fill('9 (z)');
    await page.keyboard.press('Enter');
    await eventually(async () =>
      expect(await page.locator('.outline [role="alert"]').textContent()).toContain('no 9 (z)'),
    );
    await caretIn(page, '3');
    await eventually(async () =>
      expect(await page.locator('.outline li[data-current] .outline-label').textContent()).toBe('3.'),
    );
    await page.getByLabel('Show').selectOption('agreed');
    await eventually(async () => expect(await page.locator('.outline li').count()).toBe(0));
    await page.getByLabel('Show').selectOption('open');
    await eventually(async () => expect(await page.locator('.outline li').count()).toBe(3));
  });
});
