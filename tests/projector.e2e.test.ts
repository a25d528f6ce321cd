import { describe, expect, it } from 'vitest';
import { caretIn, chromiumAvailable } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
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
});
