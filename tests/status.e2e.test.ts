import { describe, expect, it } from 'vitest';
import { caretIn, chromiumAvailable } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { eventually } from './helpers/eventually';

const REPORT = ['1. Open the meeting.', '2. Adopt the agenda.'].join('\n');

describe.skipIf(!chromiumAvailable())('the status line tells the truth', () => {
  const suite = browserSuite({ report: REPORT });

  it('offline it never says “All changes saved”; when the network returns it says connected and saved within seconds', async () => {
    const name = await suite.room();
    const canada = await suite.join(name, 'delegate', 'Canada');
    const status = canada.page.locator('.status');
    await canada.context.setOffline(true);
    await eventually(async () => expect(await status.textContent()).toContain('Offline'));
    expect(await status.textContent()).not.toContain('All changes saved');
    await caretIn(canada.page, '2');
    await canada.page.keyboard.type(' Offline words.');
    await eventually(async () => expect(await status.textContent()).toContain('Kept in this browser'));
    await canada.context.setOffline(false);
    // Within a few seconds (not the 5 s backoff plus 10 s it took): connected, and the words stored.
    await eventually(
      async () => {
        expect(await canada.page.locator('[data-connection]').getAttribute('data-connection')).toBe('connected');
        expect(await status.textContent()).toContain('All changes saved');
      },
      { timeout: 5000 },
    );
    expect(await suite.serverText(name)).toContain('2. Adopt the agenda. Offline words.');
  });
});
