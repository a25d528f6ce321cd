import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { REPORT_FIELD } from '../schema/index';
import { caretIn, chromiumAvailable } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { connectSynced, destroyAllClients } from './helpers/clients';
import { eventually } from './helpers/eventually';

const REPORT = ['1. Open the meeting.', '2. Adopt the agenda.', '3. Close the meeting.'].join('\n');

describe.skipIf(!chromiumAvailable())('projector (interface 10)', () => {
  const suite = browserSuite({ report: REPORT });

  it('the projector window cannot be typed in, highlights the agreement under discussion (still when it is agreed), and Esc leaves it', async () => {
    const name = await suite.room();
    const chair = await suite.join(name, 'secretariat');
    const screen = await suite.join(name, 'secretariat');
    await screen.page.getByRole('button', { name: 'Projector' }).click();
    await eventually(async () =>
      expect(await screen.page.locator('.report-editor').getAttribute('contenteditable')).toBe('false'),
    );
    await caretIn(chair.page, '2');
    await chair.page.keyboard.type(' now');
    await eventually(async () =>
      expect(await screen.page.locator('li.under-discussion').getAttribute('data-label')).toBe('2.'),
    );
    // Agreed while under discussion: the agreement is drawn anew with its lock, and stays highlighted.
    await suite.agree(name, 2);
    await eventually(async () =>
      expect(await screen.page.locator('li[data-label="2."]').getAttribute('data-status')).toBe('agreed'),
    );
    expect(await screen.page.locator('li.under-discussion').getAttribute('data-label')).toBe('2.');
    await screen.page.keyboard.press('Escape');
    await eventually(async () =>
      expect(await screen.page.locator('.report-editor').getAttribute('contenteditable')).toBe('true'),
    );
    expect(await screen.page.locator('li.under-discussion').count()).toBe(0);
  });

  it("follows the secretariat's caret into words that reach the projector after the caret does", async () => {
    const name = await suite.room();
    const screen = await suite.join(name, 'secretariat');
    await screen.page.getByRole('button', { name: 'Projector' }).click();
    const chair = await connectSynced(suite.server.wsUrl, name, suite.server.token(name, 'secretariat'));
    try {
      // The words typed into agreement 3, written in a copy of the report and not sent yet.
      const typed = new Y.Doc();
      Y.applyUpdate(typed, Y.encodeStateAsUpdate(chair.doc));
      const text = ((typed.getXmlFragment(REPORT_FIELD).get(0) as Y.XmlElement).get(2) as Y.XmlElement).get(
        0,
      ) as Y.XmlElement;
      const words = text.get(0) as Y.XmlText;
      words.insert(words.length, ' As amended.');
      const inWords = Y.createRelativePositionFromTypeIndex(words, words.length - 2);
      // The caret first, in words the projector does not have yet; the words follow.
      chair.provider.awareness.setLocalStateField('cursor', {
        anchor: Y.relativePositionToJSON(inWords),
        head: Y.relativePositionToJSON(inWords),
      });
      await new Promise((settle) => setTimeout(settle, 500));
      Y.applyUpdate(chair.doc, Y.encodeStateAsUpdate(typed));
      await eventually(async () =>
        expect(await screen.page.locator('li.under-discussion').getAttribute('data-label', { timeout: 1000 })).toBe(
          '3.',
        ),
      );
    } finally {
      destroyAllClients();
    }
  });
});
