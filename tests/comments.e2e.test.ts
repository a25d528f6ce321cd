import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { caretIn, chromiumAvailable, itemParagraph, shownItems } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { eventually } from './helpers/eventually';

const REPORT = [
  '1. Open the meeting.',
  '2. Adopt the agenda.',
  '3. Take note of the reports.',
  '4. Strengthen cooperation:',
  'a. share information;',
  'b. train officers at the borders;',
  '5. Close the meeting.',
].join('\n');

/** Selects `words` inside the first paragraph of the item `reference`, as a drag of the mouse would. */
async function selectWords(page: Page, reference: string, words: string): Promise<void> {
  const paragraph = itemParagraph(page, reference);
  await paragraph.click();
  await paragraph.evaluate((element, wanted) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error(`"${wanted}" is not in the paragraph`);
  }, words);
  await page.waitForTimeout(50);
}

describe.skipIf(!chromiumAvailable())('comments, references and who wrote what in the browser', () => {
  const suite = browserSuite({ report: REPORT });
  const { room, join, serverText } = suite;

  const exportOf = async (name: string, format: string) => {
    const token = suite.server.token(name, 'observer');
    return (await fetch(`${suite.server.url}/api/rooms/${name}/export?format=${format}&token=${token}`)).text();
  };

  it('a delegate comments on agreement 3, another replies (seen typing), the secretariat resolves: all three follow', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const mexico = await join(name, 'delegate', 'Mexico');
    const secretariat = await join(name, 'secretariat');

    await selectWords(canada.page, '3', 'the reports');
    await canada.page.keyboard.press('Control+Alt+m');
    const composer = canada.page.getByLabel('Your comment on 3');
    await composer.fill('Which reports: the two national ones?');
    await canada.page.getByRole('button', { name: 'Post' }).click();

    // Mexico sees the thread beside the text, on the words, and counted in the outline.
    const mexicoThread = mexico.page.locator('.comments-panel li.thread[data-label="3"]');
    await eventually(async () =>
      expect(await mexicoThread.locator('.message .text').allTextContents()).toEqual([
        'Which reports: the two national ones?',
      ]),
    );
    expect(await mexicoThread.locator('.on q').textContent()).toBe('the reports');
    expect(await mexico.page.locator('.report-editor .comment-anchor').textContent()).toBe('the reports');
    await eventually(async () => expect(await mexico.page.locator('.outline [data-comments="1"]').count()).toBe(1));

    // Mexico writes a reply: Canada sees who is replying before it is posted.
    const reply = mexico.page.getByLabel('Reply on 3');
    await reply.fill('Both, and the regional one.');
    await eventually(async () =>
      expect(await canada.page.locator('.comments-panel .replying').textContent()).toBe('Mexico is replying…'),
    );
    await mexico.page.getByRole('button', { name: 'Reply', exact: true }).click();
    await eventually(async () =>
      expect(await secretariat.page.locator('.comments-panel li.thread .message .by').allTextContents()).toEqual([
        'Canada',
        'Mexico',
      ]),
    );
    await eventually(async () => expect(await canada.page.locator('.comments-panel .replying').count()).toBe(0));
    // A delegation that did not open the thread cannot resolve it; the secretariat can.
    expect(await mexico.page.getByRole('button', { name: 'Resolve the comment on 3' }).count()).toBe(0);
    await secretariat.page.getByRole('button', { name: 'Resolve the comment on 3' }).click();
    for (const page of [canada.page, mexico.page, secretariat.page]) {
      await eventually(async () => expect(await page.locator('.comments-panel li.thread').count()).toBe(0));
      await eventually(async () => expect(await page.locator('.outline [data-comments]').count()).toBe(0));
      await page.getByRole('button', { name: 'Show 1 resolved thread' }).click();
      expect(await page.locator('.comments-panel li.thread.resolved .resolved-note').textContent()).toContain(
        'resolved by Secretariat',
      );
    }
    // The words never changed, and the default export has no comments.
    expect(await serverText(name)).toBe(`${REPORT}\n`);
    expect(await exportOf(name, 'html')).not.toContain('Which reports');
  });

  it('a reference to 4 (b) reads 5 (b) after an agreement is inserted above, in the editor and every export; deleted, it is broken and blocks approval', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const secretariat = await join(name, 'secretariat');
    await caretIn(canada.page, '5');
    await canada.page.keyboard.type(' as in paragraph ');
    await canada.page.keyboard.type('#');
    const picker = canada.page.getByRole('dialog', { name: 'Insert a reference' });
    await picker.getByRole('combobox').fill('4 b');
    expect(await picker.getByRole('option').allTextContents()).toEqual(['4 (b) train officers at the borders;']);
    await canada.page.keyboard.press('Enter');
    await canada.page.keyboard.type(' above.');
    await eventually(async () =>
      expect(await shownItems(secretariat.page)).toContain('5. Close the meeting. as in paragraph 4 (b) above.'),
    );
    await eventually(async () =>
      expect(await serverText(name)).toContain('5. Close the meeting. as in paragraph 4 (b) above.'),
    );

    // The secretariat inserts an agreement above: the reference follows, everywhere.
    await caretIn(secretariat.page, '1', 'start');
    await secretariat.page.keyboard.press('Enter');
    for (const page of [canada.page, secretariat.page])
      await eventually(async () =>
        expect(await shownItems(page)).toContain('6. Close the meeting. as in paragraph 5 (b) above.'),
      );
    await eventually(async () => expect(await serverText(name)).toContain('as in paragraph 5 (b) above.'));
    expect(await exportOf(name, 'md')).toContain('as in paragraph 5 (b) above.');
    const html = await exportOf(name, 'html');
    const target = /<li class="sub-item" id="([a-z0-9]+)"[^>]*data-label="b\."/.exec(html)?.[1];
    expect(target).toBeTruthy();
    expect(html).toContain(`as in paragraph <a href="#${target}">5 (b)</a> above.`);
    expect(await exportOf(name, 'akn')).toContain('<ref href="#para_5__list_1__point_b">5 (b)</ref>');

    // Deleting the target: the reference shows broken, the secretariat's list names it, approval waits.
    await caretIn(secretariat.page, '5.b');
    await secretariat.page.keyboard.press('Shift+Home');
    await secretariat.page.keyboard.press('Backspace');
    await secretariat.page.keyboard.press('Backspace');
    await secretariat.page.keyboard.press('Backspace');
    await eventually(async () =>
      expect(await canada.page.locator('.report-editor span.reference.broken').textContent()).toBe(
        '[missing paragraph]',
      ),
    );
    await eventually(async () =>
      expect(
        await secretariat.page
          .locator('.broken-references [data-broken], .broken-references')
          .first()
          .getAttribute('data-broken'),
      ).toBe('1'),
    );
    const approve = await fetch(`${suite.server.url}/api/rooms/${name}/approve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${suite.server.token(name, 'secretariat')}` },
    });
    expect(approve.status).toBe(409);
    const refusal = (await approve.json()) as { error: string; broken: { label: string }[] };
    expect(refusal.error).toMatch(/1 reference points to a deleted paragraph/);
    expect(refusal.broken.map((entry) => entry.label)).toEqual(['6']);
  });

  it('with "who wrote what" on, a third browser shows the words of two delegations in their two colours', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const mexico = await join(name, 'delegate', 'Mexico');
    const observer = await join(name, 'observer');
    await caretIn(canada.page, '1');
    await canada.page.keyboard.type(' Canada wrote this');
    await caretIn(mexico.page, '2');
    await mexico.page.keyboard.type(' Mexico wrote that');
    await eventually(async () => expect(await serverText(name)).toContain('Mexico wrote that'));
    await eventually(async () =>
      expect(await shownItems(observer.page)).toContain('2. Adopt the agenda. Mexico wrote that'),
    );
    await observer.page.getByRole('button', { name: 'Who wrote what' }).click();
    const runs = async (author: string) =>
      observer.page.locator(`.report-editor .authored[data-author="${author}"]`).allTextContents();
    await eventually(async () => expect((await runs('Canada')).join('')).toBe(' Canada wrote this'));
    expect((await runs('Mexico')).join('')).toBe(' Mexico wrote that');
    const colour = (author: string) =>
      observer.page
        .locator(`.report-editor .authored[data-author="${author}"]`)
        .first()
        .evaluate((element) => getComputedStyle(element).borderBottomColor);
    expect(await colour('Canada')).not.toBe(await colour('Mexico'));
    expect(await observer.page.locator('.authorship-legend [data-author]').allTextContents()).toEqual(
      expect.arrayContaining([' Canada', ' Mexico']),
    );
    // The outline gives each agreement's shares: the seeded words were written straight into storage,
    // by nobody the server recorded.
    await eventually(async () =>
      expect(await observer.page.locator('.outline [data-authors]').first().getAttribute('data-authors')).toMatch(
        /^Canada 51 %, Unknown 49 %$/,
      ),
    );
    // Turned off, the colours go.
    await observer.page.getByRole('button', { name: 'Who wrote what' }).click();
    await eventually(async () => expect(await observer.page.locator('.report-editor .authored').count()).toBe(0));
  });
});
