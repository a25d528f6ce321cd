import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caretIn, chromiumAvailable, shownItems } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { eventually } from './helpers/eventually';
import { normalizeLayout, ownTextFixtures } from './helpers/fixtures';
import { seedRoom } from './helpers/test-server';

const lines = (...parts: string[]): string => parts.join('\n');
/** A report of `count` short agreements. */
const agreements = (count: number): string =>
  lines('The meeting agreed:', '', ...Array.from({ length: count }, (_, i) => `${i + 1}. Agreement ${i + 1} text.`));
const REPORT = lines(
  'The meeting agreed:',
  '',
  '1. Open the meeting.',
  '2. Adopt the agenda.',
  '3. Close the meeting.',
);

describe.skipIf(!chromiumAvailable())('the editor in Chromium', () => {
  const suite = browserSuite({ report: REPORT, demo: true });
  const { room, join, serverText } = suite;

  it('typing in one context appears in the other, with its caret labelled by delegation', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const mexico = await join(name, 'delegate', 'Mexico');
    await caretIn(canada.page, '2');
    await canada.page.keyboard.type(' Canada agrees.');
    await eventually(async () =>
      expect(await shownItems(mexico.page)).toContain('2. Adopt the agenda. Canada agrees.'),
    );
    await eventually(async () =>
      expect(await mexico.page.locator('.collaboration-carets__label').allTextContents()).toContain('Canada'),
    );
    // The labels are in the markup, readable by assistive technology, on every numbered item.
    expect(
      await mexico.page
        .locator('li[data-type="agreement"]')
        .evaluateAll((items) => items.map((i) => i.getAttribute('data-label'))),
    ).toEqual(['1.', '2.', '3.']);
    expect(
      await mexico.page.locator('li[data-label="2."] .item-label').evaluate((label) => label.lastChild?.textContent),
    ).toBe('2.');
    // What a screen reader reads there names the agreement.
    expect(await mexico.page.locator('li[data-label="2."] .item-label').textContent()).toBe('agreement 2.');
  });

  it("in a long report another delegation's caret is drawn in its agreement, and stays there when the report renumbers", async () => {
    // 40 agreements: carets in a long list are placed by the list's own offsets (y-tiptap build patch 7).
    const name = await room(agreements(40));
    const canada = await join(name, 'delegate', 'Canada');
    const mexico = await join(name, 'delegate', 'Mexico');
    await caretIn(canada.page, '30');
    await canada.page.keyboard.type(' Canada');
    const caretItem = (page: typeof mexico.page) =>
      page.evaluate(() =>
        document
          .querySelector('.collaboration-carets__caret')
          ?.closest('li[data-type="agreement"]')
          ?.getAttribute('data-label'),
      );
    await eventually(async () => expect(await caretItem(mexico.page)).toBe('30.'));
    // Mexico adds an agreement near the top: Canada's caret follows its agreement, now 31.
    await caretIn(mexico.page, '2');
    await mexico.page.keyboard.press('Enter');
    await mexico.page.keyboard.type('A new second agreement.');
    await eventually(async () => expect(await caretItem(mexico.page)).toBe('31.'));
    await caretIn(canada.page, '5', 'start');
    await eventually(async () => expect(await caretItem(mexico.page)).toBe('5.'));
    // Canada's text lands where Canada's caret is, for both.
    await canada.page.keyboard.type('Mind: ');
    for (const page of [canada.page, mexico.page])
      await eventually(async () => {
        const shown = await shownItems(page);
        expect(shown[4]).toBe('5. Mind: Agreement 4 text.');
        expect(shown[30]).toBe('31. Agreement 30 text. Canada');
      });
  });

  it('two delegations typing into the same agreement at once: every keystroke of both is kept, and both see the same', async () => {
    // The others' changes are applied in batches (editor/report/remote-batch.ts) while one's own
    // typing goes on: nothing typed in between may be lost or land twice.
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const mexico = await join(name, 'delegate', 'Mexico');
    await caretIn(canada.page, '2');
    await caretIn(mexico.page, '2', 'start');
    // Canada's frames held back: its typing waits to be written to Yjs (typing-write.ts) while
    // Mexico's changes keep arriving — each must write it first, or the page redrawn from Yjs drops it.
    await canada.page.evaluate(() => {
      window.requestAnimationFrame = () => 0;
    });
    await Promise.all([
      canada.page.keyboard.type(' canada canada canada canada', { delay: 15 }),
      mexico.page.keyboard.type('mexico mexico mexico mexico ', { delay: 15 }),
    ]);
    const expected = '2. mexico mexico mexico mexico Adopt the agenda. canada canada canada canada';
    for (const page of [canada.page, mexico.page])
      await eventually(async () => expect((await shownItems(page))[1]).toBe(expected));
    await eventually(async () => expect(await serverText(name)).toContain(expected.slice(3)));
  });

  it('typing, then at once closing the tab, or Enter and undo: nothing typed is lost, and undo takes back one step at a time', async () => {
    // A run of typing reaches Yjs, the server and the browser's copy a frame after it is shown
    // (editor/report/typing-write.ts, write-after-paint.ts): these are the moments that must not lose it.
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    await caretIn(canada.page, '3');
    // Frames held back (a busy or hidden tab): the typing is still waiting when the tab closes.
    await canada.page.evaluate(() => {
      window.requestAnimationFrame = () => 0;
    });
    await canada.page.keyboard.type(' Closed.');
    await canada.page.close();
    await eventually(async () => expect(await serverText(name)).toContain('3. Close the meeting. Closed.'));

    const mexico = await join(name, 'delegate', 'Mexico');
    await caretIn(mexico.page, '1');
    // Typing, Enter and undo within a frame or two: undo takes back the Enter only, then the typing.
    await mexico.page.keyboard.type(' Now.');
    await mexico.page.keyboard.press('Enter');
    await mexico.page.keyboard.press('Control+z');
    await eventually(async () =>
      expect((await shownItems(mexico.page)).slice(0, 2)).toEqual([
        '1. Open the meeting. Now.',
        '2. Adopt the agenda.',
      ]),
    );
    await mexico.page.keyboard.press('Control+z');
    await eventually(async () => expect((await shownItems(mexico.page))[0]).toBe('1. Open the meeting.'));
    await eventually(async () => expect(await serverText(name)).toContain('1. Open the meeting.\n'));
    // Ctrl-Z straight after typing, before the typing has reached Yjs, undoes it. Frames are held
    // back (as in a busy or hidden tab) so that the typing is still waiting when Ctrl-Z comes.
    await caretIn(mexico.page, '2');
    await mexico.page.evaluate(() => {
      window.requestAnimationFrame = () => 0;
    });
    await mexico.page.keyboard.type('!');
    await mexico.page.keyboard.press('Control+z');
    await eventually(async () => expect((await shownItems(mexico.page))[1]).toBe('2. Adopt the agenda.'));
  });

  it('typing on the last line of the window keeps the caret in view as the text wraps below it', async () => {
    // Typed characters leave scrolling to the browser (editor/report/typed-scroll.ts).
    const name = await room(agreements(60));
    const { page } = await join(name, 'delegate', 'Canada');
    await caretIn(page, '30');
    const caret = () =>
      page.evaluate(() => {
        const rect = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
        return { top: rect.top, bottom: rect.bottom, height: window.innerHeight };
      });
    const start = await caret();
    await page.evaluate((by) => window.scrollBy(0, by), start.bottom - start.height + 2);
    expect((await caret()).bottom).toBeGreaterThan(start.height - 20);
    await page.keyboard.type(
      ' and the sentence goes on until it wraps onto lines below the bottom of the window, twice over, at least',
    );
    await eventually(async () => {
      const { top, bottom, height } = await caret();
      expect(top).toBeGreaterThanOrEqual(0);
      expect(bottom).toBeLessThanOrEqual(height);
    });
  });

  it('inserting an agreement in the middle renumbers the following agreements in both contexts', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const mexico = await join(name, 'delegate', 'Mexico');
    await caretIn(canada.page, '1');
    await canada.page.keyboard.press('Enter');
    await canada.page.keyboard.type('Elect the chair.');
    const expected = ['1. Open the meeting.', '2. Elect the chair.', '3. Adopt the agenda.', '4. Close the meeting.'];
    for (const page of [canada.page, mexico.page])
      await eventually(async () => expect(await shownItems(page)).toEqual(expected));
  });

  it('Enter then typing at once puts the words in the new agreement, every time', async () => {
    // Agreements are drawn lazily (content-visibility): a new agreement was skipped by the browser
    // until its next frame, and a key typed before that landed at the start of the next agreement —
    // one try in two or three here. Ten tries, each typed without waiting for anything.
    const name = await room(agreements(12));
    const { page } = await join(name, 'delegate', 'Canada');
    for (let i = 1; i <= 10; i++) {
      const before = await shownItems(page);
      const at = before.findIndex((item) => item.endsWith(` Agreement ${i} text.`));
      await caretIn(page, before[at]!.split('.')[0]!);
      await page.keyboard.press('Enter');
      await page.keyboard.type(`New ${i}.`);
      await eventually(async () => {
        const shown = await shownItems(page);
        expect(shown.slice(at, at + 3)).toEqual([
          `${at + 1}. Agreement ${i} text.`,
          `${at + 2}. New ${i}.`,
          `${at + 3}. Agreement ${i + 1} text.`,
        ]);
      });
    }
    // Everyone has them there: the server's copy too.
    await eventually(async () => {
      const saved = (await serverText(name)).split('\n');
      expect(saved.filter((line) => /^\d+\. New \d+\.$/.test(line))).toHaveLength(10);
    });
  });

  it('two delegations inserting at the same place both end with 1..n', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const mexico = await join(name, 'delegate', 'Mexico');
    await Promise.all([caretIn(canada.page, '1'), caretIn(mexico.page, '1')]);
    await Promise.all([canada.page.keyboard.press('Enter'), mexico.page.keyboard.press('Enter')]);
    await Promise.all([canada.page.keyboard.type('From Canada.'), mexico.page.keyboard.type('From Mexico.')]);
    await eventually(async () => {
      const a = await shownItems(canada.page);
      expect(a).toHaveLength(5);
      expect(a.map((item) => item.split(' ')[0])).toEqual(['1.', '2.', '3.', '4.', '5.']);
      expect(await shownItems(mexico.page)).toEqual(a);
    });
  });

  it('Tab, Shift-Tab, Enter and Backspace shape the structure as in a word processor', async () => {
    const name = await room();
    const { page } = await join(name, 'secretariat');
    await caretIn(page, '2', 'start');
    await page.keyboard.press('Tab');
    await eventually(async () =>
      expect(await shownItems(page)).toEqual(['1. Open the meeting.', 'a. Adopt the agenda.', '2. Close the meeting.']),
    );
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Approve the minutes.');
    await eventually(async () => expect(await shownItems(page)).toContain('b. Approve the minutes.'));
    await page.keyboard.press('Shift+Tab');
    await eventually(async () =>
      expect(await shownItems(page)).toEqual([
        '1. Open the meeting.',
        'a. Adopt the agenda.',
        '2. Approve the minutes.',
        '3. Close the meeting.',
      ]),
    );
    await page.keyboard.press('Home');
    await page.keyboard.press('Backspace');
    await eventually(async () =>
      expect(await shownItems(page)).toEqual(['1. Open the meeting.', 'a. Adopt the agenda.', '2. Close the meeting.']),
    );
    await eventually(async () =>
      expect(await serverText(name)).toContain(
        lines('a. Adopt the agenda.', '', 'Approve the minutes.', '', '2. Close the meeting.'),
      ),
    );
  });

  it('undo in one context leaves the other’s text alone', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const mexico = await join(name, 'delegate', 'Mexico');
    await caretIn(mexico.page, '3');
    await mexico.page.keyboard.type(' Mexico text.');
    await eventually(async () => expect(await shownItems(canada.page)).toContain('3. Close the meeting. Mexico text.'));
    await caretIn(canada.page, '1');
    await canada.page.keyboard.type(' Canada text.');
    await eventually(async () => expect(await shownItems(mexico.page)).toContain('1. Open the meeting. Canada text.'));
    await canada.page.keyboard.press('Control+z');
    const expected = ['1. Open the meeting.', '2. Adopt the agenda.', '3. Close the meeting. Mexico text.'];
    for (const page of [canada.page, mexico.page])
      await eventually(async () => expect(await shownItems(page)).toEqual(expected));
  });

  it('an offline context keeps typing and converges when it is back online', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const mexico = await join(name, 'delegate', 'Mexico');
    await canada.context.setOffline(true);
    await eventually(async () =>
      expect(await canada.page.locator('[data-connection]').getAttribute('data-connection')).not.toBe('connected'),
    );
    await caretIn(canada.page, '2');
    await canada.page.keyboard.type(' Typed offline.');
    await caretIn(mexico.page, '3');
    await mexico.page.keyboard.type(' Typed online.');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await shownItems(mexico.page)).not.toContain('2. Adopt the agenda. Typed offline.');
    expect(await canada.page.locator('[data-saved]').getAttribute('data-saved')).toBe('false');
    await canada.context.setOffline(false);
    const expected = [
      '1. Open the meeting.',
      '2. Adopt the agenda. Typed offline.',
      '3. Close the meeting. Typed online.',
    ];
    for (const page of [canada.page, mexico.page])
      await eventually(async () => expect(await shownItems(page)).toEqual(expected), { timeout: 20_000 });
    await eventually(
      async () => expect(await canada.page.locator('[data-saved]').getAttribute('data-saved')).toBe('true'),
      { timeout: 20_000 },
    );
  });

  it('edits made offline survive a reload and merge when the connection returns', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    await canada.context.setOffline(true);
    await eventually(async () =>
      expect(await canada.page.locator('[data-connection]').getAttribute('data-connection')).not.toBe('connected'),
    );
    await caretIn(canada.page, '1');
    await canada.page.keyboard.type(' Kept in the browser.');
    await canada.page.waitForTimeout(300);
    await canada.context.setOffline(false);
    await canada.page.reload();
    await canada.page.waitForSelector('[data-connection="connected"]');
    await eventually(
      async () => expect(await serverText(name)).toContain('1. Open the meeting. Kept in the browser.'),
      { timeout: 20_000 },
    );
  });

  it('an observer sees a read-only view and cannot change the text', async () => {
    const name = await room();
    const observer = await join(name, 'observer');
    await expect(observer.page.locator('.banner').textContent()).resolves.toContain('observer');
    expect(await observer.page.locator('.report-editor').getAttribute('contenteditable')).toBe('false');
    await observer.page.locator('li[data-reference="2"] > .item-body > p').click();
    await observer.page.keyboard.type('Should not appear');
    await observer.page.waitForTimeout(300);
    expect(await serverText(name)).toBe(`${REPORT}\n`);
  });

  it('the downloaded text export equals the server’s export', async () => {
    const source = readFileSync(ownTextFixtures().find((file) => file.includes('mixed'))!, 'utf8');
    const name = await room(source);
    const { page } = await join(name, 'delegate', 'Chile');
    await page.locator('.export-menu summary').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-format="txt"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${name}.txt`);
    const downloaded = readFileSync((await download.path())!, 'utf8');
    expect(downloaded).toBe(await serverText(name));
    expect(normalizeLayout(downloaded)).toBe(normalizeLayout(source));
  });

  it('pasting numbered text from an e-mail makes agreements and sub-items', async () => {
    const name = await room();
    const { page } = await join(name, 'secretariat');
    await caretIn(page, '1');
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '1. Welcome the new members.\na) Belize;\nb) Chile.');
      document
        .querySelector('.report-editor')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await eventually(async () =>
      expect(await shownItems(page)).toEqual([
        '1. Open the meeting.',
        '2. Welcome the new members.',
        'a) Belize;',
        'b) Chile.',
        '3. Adopt the agenda.',
        '4. Close the meeting.',
      ]),
    );
  });

  it('the home page opens the demo room as a delegation', async () => {
    await seedRoom(suite.server.storage, 'demo', REPORT);
    const page = await suite.page();
    await page.goto(`${suite.server.url}/`);
    await page.getByPlaceholder('e.g. Costa Rica').fill('Panama');
    await page.getByRole('button', { name: 'Join as a delegation' }).click();
    await page.waitForSelector('[data-connection="connected"]');
    expect(page.url()).toBe(`${suite.server.url}/r/demo`);
    await eventually(async () =>
      expect(await page.locator('.presence li').allTextContents()).toContain('Panama (you) delegate'),
    );
  });

  it('takes the README screenshot of two delegations co-editing (ACCORD_SCREENSHOT=path keeps it)', async () => {
    const source = readFileSync(ownTextFixtures().find((file) => file.includes('mixed'))!, 'utf8');
    const name = await room(source);
    const canada = await join(name, 'delegate', 'Canada');
    const mexico = await join(name, 'delegate', 'Mexico');
    await caretIn(mexico.page, '3.b');
    await mexico.page.keyboard.type(' (revised)');
    await caretIn(canada.page, '2.a');
    await eventually(async () =>
      expect(await mexico.page.locator('.collaboration-carets__label').allTextContents()).toContain('Canada'),
    );
    const path = process.env.ACCORD_SCREENSHOT ?? joinPath(tmpdir(), `accord-co-editing-${process.pid}.png`);
    await mexico.page.screenshot({ path, fullPage: false });
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
  });
});
