import { describe, expect, it } from 'vitest';
import { caretIn, chromiumAvailable, shownItems } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { eventually } from './helpers/eventually';

const REPORT = ['1. Open the meeting.', '2. Adopt the agenda.'].join('\n');

/**
 * The venue's network goes down: a delegate who reloads, or opens the link in a new tab, still gets the
 * report (the application from the service worker, the text from the browser's copy), can type, and
 * what was typed reaches everyone when the network is back.
 */
describe.skipIf(!chromiumAvailable())('opens with no network', () => {
  const suite = browserSuite({ report: REPORT });

  it('a reload and a new tab offline open the report, editable, and sync later', async () => {
    const name = await suite.room();
    const canada = await suite.join(name, 'delegate', 'Canada');
    const { page, context } = canada;
    // The service worker has taken the page (it claims it as soon as it is installed).
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
    });
    await caretIn(page, '1');
    await page.keyboard.type(' online');
    await eventually(async () => expect(await suite.serverText(name)).toContain('1. Open the meeting. online'));

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('.report-editor[contenteditable="true"]', { timeout: 15_000 });
    await eventually(async () => expect(await shownItems(page)).toContain('1. Open the meeting. online'));
    await eventually(async () =>
      expect(await page.locator('[data-connection]').getAttribute('data-connection')).not.toBe('connected'),
    );
    await caretIn(page, '2');
    await page.keyboard.type(' offline');

    // A new tab, from the link, with the network still down.
    const tab = await context.newPage();
    await tab.goto(`${suite.server.url}/r/${name}#token=${suite.server.token(name, 'delegate', 'Canada')}`);
    await tab.waitForSelector('.report-editor', { timeout: 15_000 });
    await eventually(async () => expect(await shownItems(tab)).toContain('1. Open the meeting. online'));
    await tab.close();

    await context.setOffline(false);
    await eventually(async () => expect(await suite.serverText(name)).toContain('2. Adopt the agenda. offline'), {
      timeout: 20_000,
    });
  });
});
