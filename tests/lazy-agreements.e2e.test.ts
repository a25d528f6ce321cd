import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { REPORT_FIELD } from '../schema/index';
import { chromiumAvailable, shownItems } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { connectSynced, destroyAllClients } from './helpers/clients';
import { eventually } from './helpers/eventually';

/** A long report: 600 agreements, the last ones with sub-items (a report of 500 or more opens lazily). */
const COUNT = 600;
const REPORT = [
  'The meeting agreed:',
  '',
  ...Array.from({ length: COUNT }, (_, i) =>
    i + 1 >= 590
      ? `${i + 1}. Agreement ${i + 1} text:\n   a. first of ${i + 1};\n   b. second of ${i + 1}.`
      : `${i + 1}. Agreement ${i + 1} text.`,
  ),
].join('\n');

/** Every item as a delegate reads it once the report is drawn: `label text`. */
const EXPECTED = Array.from({ length: COUNT }, (_, i) =>
  i + 1 >= 590
    ? [`${i + 1}. Agreement ${i + 1} text:`, `a. first of ${i + 1};`, `b. second of ${i + 1}.`]
    : [`${i + 1}. Agreement ${i + 1} text.`],
).flat();

/**
 * A long report opens with its far-away agreements as placeholders (editor/report/lazy-agreements.ts)
 * that read as the agreements do, and are replaced by the real thing within moments; the caret can go
 * to one at once and type there; the others' changes to one arrive.
 */
describe.skipIf(!chromiumAvailable())('a long report as it opens', () => {
  const suite = browserSuite({ report: REPORT });
  const { room, join, serverText } = suite;

  /**
   * A delegate's page opened on a machine slowed down four times (Chromium's CPU throttling), so that
   * the placeholders are certainly still there when the test looks (they are replaced within a second
   * at full speed).
   */
  const openSlowed = async (name: string) => {
    const page = await suite.page();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${suite.server.url}/r/${name}#token=${suite.server.token(name, 'delegate', 'Canada')}`);
    return { page, cdp };
  };

  /**
   * A delegate's page on which the browser is never idle: the placeholders are drawn only when the
   * delegate's own actions draw them, as on a machine too busy to draw the rest for a while.
   */
  const openNeverIdle = async (name: string) => {
    const page = await suite.page();
    await page.addInitScript(() => {
      window.requestIdleCallback = () => 0;
    });
    await page.goto(`${suite.server.url}/r/${name}#token=${suite.server.token(name, 'delegate', 'Canada')}`);
    return page;
  };

  it('a click on a placeholder puts the caret exactly where it was clicked', async () => {
    const name = await room();
    const page = await openNeverIdle(name);
    // Between "Agreement 3" and "00" of agreement 300, still a placeholder.
    const point = await page.waitForFunction(() => {
      const agreement = document.querySelector('.report-editor[contenteditable="true"] li[data-label="300."]');
      const text = agreement?.querySelector('.item-body')?.firstChild;
      if (!(text instanceof Text)) return null;
      agreement!.scrollIntoView({ block: 'center' });
      const range = document.createRange();
      const at = text.data.indexOf('300') + 1;
      range.setStart(text, at);
      range.setEnd(text, at + 1);
      const box = range.getBoundingClientRect();
      return { x: box.left + 1, y: box.top + box.height / 2, placeholder: agreement!.hasAttribute('data-placeholder') };
    });
    const { x, y, placeholder } = (await point.jsonValue())!;
    expect(placeholder).toBe(true);
    await page.mouse.click(x, y);
    await page.keyboard.type('Z');
    await eventually(async () =>
      expect(await page.locator('li[data-label="300."] > .item-body > p').textContent()).toBe('Agreement 3Z00 text.'),
    );
    await eventually(async () => expect(await serverText(name)).toContain('300. Agreement 3Z00 text.'));
  });

  it('arrow keys, Page Down and Ctrl-End take the caret into agreements still drawn as placeholders', async () => {
    const page = await openNeverIdle(await room());
    await page.waitForSelector('.report-editor[contenteditable="true"] li[data-label="600."][data-placeholder]');
    // The end of agreement 60, the last drawn at once; 61 and on are placeholders.
    expect(await page.locator('li[data-label="61."]').getAttribute('data-placeholder')).toBe('');
    await page.locator('li[data-label="60."] > .item-body > p').click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('Q');
    await page.keyboard.press('PageDown');
    await page.keyboard.type('P');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('E');
    await eventually(async () => {
      const items = await shownItems(page);
      expect(items).toContain('62. Agreement 62 text.Q');
      expect(items).toContain('b. second of 600.E');
      // A screen further down: the agreement the caret stayed beside on the page.
      const paged = items.find((item) => item.includes('P'))!;
      expect(Number.parseInt(paged, 10)).toBeGreaterThan(70);
    });
  });

  it('far agreements first read as placeholders (labels, words, sub-items), then are all drawn and editable', async () => {
    const name = await room();
    const { page, cdp } = await openSlowed(name);
    // The first frame with every agreement on the page: the placeholders are not replaced yet (that
    // waits for the browser to be idle), and each already reads as its agreement.
    const first = await page.waitForFunction((count) => {
      const items = document.querySelectorAll('.report-editor li[data-type="agreement"]');
      if (items.length < count) return null;
      const placeholder = document.querySelector('.report-editor li[data-label="595."]');
      return {
        placeholders: document.querySelectorAll('.report-editor li[data-placeholder]').length,
        editable: document.querySelector('.report-editor')?.getAttribute('contenteditable'),
        placeholder595: placeholder?.hasAttribute('data-placeholder'),
        text595: placeholder?.textContent,
        first: document.querySelector('.report-editor li[data-label="1."]')?.hasAttribute('data-placeholder'),
      };
    }, COUNT);
    const shown = (await first.jsonValue())!;
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    expect(shown.placeholders).toBeGreaterThan(0);
    expect(shown.editable).toBe('true');
    expect(shown.first).toBe(false);
    expect(shown.placeholder595).toBe(true);
    // The words a screen reader hears, the label, the text and the sub-items with their letters.
    expect(shown.text595).toBe('agreement 595.Agreement 595 text:\na. first of 595;\nb. second of 595.');
    // Then every one is drawn by the editor: the same words, editable paragraphs.
    await eventually(async () => expect(await page.locator('.report-editor li[data-placeholder]').count()).toBe(0));
    expect(await shownItems(page)).toEqual(EXPECTED);
    // The outline's counts, a thousand and more written as the language writes it.
    await eventually(async () =>
      expect(await page.locator('.report-counts').textContent()).toBe('600 agreements · 22 sub-items · 1,869 words'),
    );
  });

  it('the caret put in a far agreement draws it in the same change, and the words typed land there', async () => {
    const name = await room();
    const { page, cdp } = await openSlowed(name);
    const moved = await page.waitForFunction(() => {
      const item = () => document.querySelector('.report-editor li[data-label="598."]');
      if (!item()) return null;
      if (!item()!.hasAttribute('data-placeholder')) return 'drawn too early to test';
      // As the outline's "Go to 598" does: the caret at the start of 598's first paragraph.
      type Doc = {
        forEach(f: (node: Doc & { type: { name: string }; nodeSize: number }, offset: number) => void): void;
      };
      const editor = (
        document.querySelector('.report-editor') as unknown as {
          editor: { state: { doc: Doc }; view: { focus(): void }; commands: { setTextSelection(pos: number): void } };
        }
      ).editor;
      let target = -1;
      let seen = 0;
      editor.state.doc.forEach((list, offset) => {
        if (list.type.name !== 'agreementList') return;
        list.forEach((_agreement, inner) => {
          if (++seen === 598) target = offset + 1 + inner + 2;
        });
      });
      editor.view.focus();
      editor.commands.setTextSelection(target);
      const after = item()!;
      return after.hasAttribute('data-placeholder')
        ? 'still a placeholder with the caret in it'
        : window.getSelection()!.anchorNode && after.contains(window.getSelection()!.anchorNode)
          ? 'drawn, caret inside'
          : 'drawn, caret elsewhere';
    });
    expect(await moved.jsonValue()).toBe('drawn, caret inside');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.keyboard.type('Now: ');
    const item = page.locator('.report-editor li[data-label="598."]');
    await eventually(async () =>
      expect(await item.locator(':scope > .item-body > p').first().textContent()).toBe('Now: Agreement 598 text:'),
    );
    await eventually(async () => expect(await serverText(name)).toContain('598. Now: Agreement 598 text:'));
  });

  it("another delegation's change to an agreement still drawn as a placeholder arrives", async () => {
    const name = await room();
    const mexico = await join(name, 'delegate', 'Mexico');
    await eventually(async () =>
      expect(await mexico.page.locator('.report-editor li[data-placeholder]').count()).toBe(0),
    );
    const canada = await join(name, 'delegate', 'Canada');
    await mexico.page.getByLabel('Go to').fill('599 (b)');
    await mexico.page.keyboard.press('Enter');
    await mexico.page.keyboard.type('Mexico: ');
    await eventually(async () => expect(await shownItems(canada.page)).toContain('b. Mexico: second of 599.'));
    await eventually(async () =>
      expect(await canada.page.locator('.report-editor li[data-placeholder]').count()).toBe(0),
    );
  });

  it('a long report written by a plain Yjs client (no ids, no status) opens, reads right and takes typing', async () => {
    const name = await room('The meeting agreed:');
    const writer = await connectSynced(suite.server.wsUrl, name, suite.server.token(name, 'secretariat'));
    try {
      writer.doc.transact(() => {
        const list = new Y.XmlElement('agreementList');
        writer.doc.getXmlFragment(REPORT_FIELD).push([list]);
        for (let n = 1; n <= COUNT; n++) {
          const agreement = new Y.XmlElement('agreement');
          const paragraph = new Y.XmlElement('paragraph');
          paragraph.push([new Y.XmlText(`Written elsewhere ${n}.`)]);
          agreement.push([paragraph]);
          list.push([agreement]);
        }
      });
      await eventually(async () => expect(await serverText(name)).toContain(`${COUNT}. Written elsewhere ${COUNT}.`));
    } finally {
      destroyAllClients();
    }
    const page = await openNeverIdle(name);
    await page.waitForSelector(`.report-editor[contenteditable="true"] li[data-label="${COUNT}."]`);
    // Whether drawn at once or as placeholders (the editor gives each agreement its id as it opens,
    // which draws it anew), every agreement reads as written, and the far ones take a click and typing.
    await page.locator('li[data-label="450."]').scrollIntoViewIfNeeded();
    await page.locator('li[data-label="450."]').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Amended.');
    await eventually(async () => expect(await serverText(name)).toContain('450. Written elsewhere 450. Amended.'));
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Last.');
    await eventually(async () =>
      expect(await serverText(name)).toContain(`${COUNT}. Written elsewhere ${COUNT}. Last.`),
    );
  });
});
