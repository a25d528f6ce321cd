import { describe, expect, it } from 'vitest';
import { caretIn, chromiumAvailable, shownItems } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { eventually } from './helpers/eventually';

const REPORT = [
  '1. Open the meeting.',
  '2. Adopt the agenda.',
  '3. Elect the chair.',
  '4. Hear reports.',
  '5. Agree the budget.',
  '6. Close the meeting.',
].join('\n');

describe.skipIf(!chromiumAvailable())('a refusal never loses the delegate’s text', () => {
  const suite = browserSuite({ report: REPORT });
  const { room, join, serverText } = suite;

  it('text typed offline in agreement 5, which the secretariat agreed meanwhile, is reverted but kept to copy, and the banner names agreement 5', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    await canada.context.setOffline(true);
    await eventually(async () =>
      expect(await canada.page.locator('[data-connection]').getAttribute('data-connection')).not.toBe('connected'),
    );
    await caretIn(canada.page, '5');
    await canada.page.keyboard.type(' Canada adds a reserve.');
    // Meanwhile the secretariat agrees 5.
    await suite.agree(name, 5);
    await canada.context.setOffline(false);
    const banner = canada.page.locator('.banner.notice');
    await eventually(
      async () => expect(await banner.textContent()).toContain('agreement 5 has been agreed and is locked'),
      {
        timeout: 20_000,
      },
    );
    await eventually(async () =>
      expect(await canada.page.locator('.refused-text').textContent()).toBe(' Canada adds a reserve.'),
    );
    await eventually(async () => expect(await shownItems(canada.page)).toContain('5. Agree the budget.'));
    expect(await serverText(name)).not.toContain('reserve');
    // The banner can be closed once read.
    await banner.getByRole('button', { name: 'Close' }).click();
    expect(await banner.count()).toBe(0);
  });

  it('a change stopped in the browser names the agreement too', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    await suite.agree(name, 3);
    await eventually(async () =>
      expect(await canada.page.locator('li[data-label="3."]').getAttribute('data-status')).toBe('agreed'),
    );
    await caretIn(canada.page, '3');
    await canada.page.keyboard.type('X');
    await eventually(async () =>
      expect(await canada.page.locator('.banner.notice').textContent()).toContain('agreement 3 has been agreed'),
    );
    expect(await canada.page.locator('.refused-text').textContent()).toBe('X');
  });
});
