import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { caretIn, chromiumAvailable, shownItems } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { eventually } from './helpers/eventually';

/** An element's words, without the collaboration carets that may sit inside it (their labels are names). */
const words = (locator: Locator) =>
  locator.evaluate((element) => {
    const copy = element.cloneNode(true) as Element;
    for (const caret of copy.querySelectorAll('[class*="caret"]')) caret.remove();
    return copy.textContent;
  });

const REPORT = ['1. Open the meeting.', '2. Adopt the agenda.', '3. Close the meeting.'].join('\n');

/**
 * A whole adoption in negotiation mode, in real browsers: two delegations propose, each sees the
 * other's proposal in its colour and name, a proposed agreement reads "1 bis", the secretariat
 * accepts and rejects from its panel and everyone follows, brackets block approval until lifted.
 */
describe.skipIf(!chromiumAvailable())('negotiation in the browser', () => {
  const suite = browserSuite({ report: REPORT });
  const { room, join, serverText } = suite;

  const call = async (name: string, path: string, body?: unknown) => {
    const token = suite.server.token(name, 'secretariat');
    const response = await fetch(`${suite.server.url}/api/rooms/${name}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('two delegations propose, the secretariat accepts one and rejects the other, a proposed agreement becomes 2.', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const mexico = await join(name, 'delegate', 'Mexico');
    const secretariat = await join(name, 'secretariat');
    // The secretariat switches to negotiation in its panel; every browser says so at once.
    await secretariat.page.getByLabel('Negotiation: delegations propose').click();
    for (const page of [canada.page, mexico.page])
      await eventually(async () => expect(await page.locator('.banner.negotiation').count()).toBe(1));

    await caretIn(canada.page, '2');
    await canada.page.keyboard.type(' and its annexes');
    await caretIn(mexico.page, '3');
    await mexico.page.keyboard.press('Backspace');
    await mexico.page.keyboard.type(' promptly!');

    // Each sees the other's proposal, in its colour and with its name.
    const canadaInMexico = mexico.page.locator('.report-editor ins.proposal-insertion[data-by="Canada"]');
    await eventually(async () => expect(await words(canadaInMexico)).toBe(' and its annexes'));
    expect(await canadaInMexico.getAttribute('title')).toBe('Canada proposes to add this');
    expect(await canadaInMexico.getAttribute('style')).toMatch(/--by: #[0-9a-f]{6}/i);
    const mexicoInCanada = canada.page.locator('.report-editor ins.proposal-insertion[data-by="Mexico"]');
    await eventually(async () => expect(await words(mexicoInCanada)).toBe(' promptly!'));
    expect(await words(canada.page.locator('.report-editor del.proposal-deletion[data-by="Mexico"]'))).toBe('.');
    // The adopted text has not changed on the server.
    expect(await serverText(name)).toBe(`${REPORT}\n`);

    // Canada proposes a new agreement after 1: "1 bis" everywhere, and 2 stays 2.
    await caretIn(canada.page, '1');
    await canada.page.keyboard.press('Enter');
    await canada.page.keyboard.type('Thank the host country.');
    for (const page of [canada.page, mexico.page, secretariat.page])
      await eventually(async () =>
        expect(await shownItems(page)).toEqual(
          expect.arrayContaining(['1 bis. Thank the host country.', '2. Adopt the agenda. and its annexes']),
        ),
      );

    // The README's screenshot: the secretariat's window, proposals in their colours, 1 bis, the panel.
    await eventually(async () => expect(await secretariat.page.locator('.proposals-panel li').count()).toBe(4));
    const shot =
      process.env.ACCORD_NEGOTIATION_SCREENSHOT ?? joinPath(tmpdir(), `accord-negotiation-${process.pid}.png`);
    await secretariat.page.screenshot({ path: shot, fullPage: false });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');

    // The secretariat decides from its panel.
    const panel = secretariat.page.locator('.proposals-panel');
    await panel.getByRole('button', { name: "Accept Canada's proposal in 2" }).click();
    await panel.getByRole('button', { name: "Reject Mexico's proposal in 3" }).first().click();
    await panel.getByRole('button', { name: "Accept Canada's proposal in 1 bis" }).click();
    for (const page of [canada.page, mexico.page, secretariat.page])
      await eventually(async () =>
        expect(await shownItems(page)).toEqual([
          '1. Open the meeting.',
          '2. Thank the host country.',
          '3. Adopt the agenda. and its annexes',
          '4. Close the meeting.',
        ]),
      );
    // Mexico's strike is still open (it was a second proposal): rejecting it restores the full stop.
    await eventually(async () => expect(await panel.locator('li[data-proposal]').count()).toBe(1));
    await panel.getByRole('button', { name: /^Reject Mexico's proposal/ }).click();
    await eventually(async () => expect(await panel.count()).toBe(0));
    expect(await serverText(name)).toBe(
      '1. Open the meeting.\n2. Thank the host country.\n3. Adopt the agenda. and its annexes\n4. Close the meeting.\n',
    );
  });

  it('brackets typed over a selection survive export and block approval until the secretariat lifts them', async () => {
    const name = await room();
    const mexico = await join(name, 'delegate', 'Mexico');
    expect((await call(name, '/mode', { mode: 'negotiation' })).status).toBe(200);
    await eventually(async () => expect(await mexico.page.locator('.banner.negotiation').count()).toBe(1));
    // Select "the agenda" in agreement 2 and type "[" over it.
    await caretIn(mexico.page, '2');
    await mexico.page.locator('.report-editor').evaluate((root) => {
      const paragraph = [...root.querySelectorAll('li p')].find((p) => p.textContent === 'Adopt the agenda.')!;
      const text = paragraph.firstChild!;
      const range = document.createRange();
      range.setStart(text, 6);
      range.setEnd(text, 16);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    });
    await mexico.page.waitForTimeout(50);
    await mexico.page.keyboard.type('[');
    await eventually(async () =>
      expect(await words(mexico.page.locator('.report-editor .bracket[data-by="Mexico"]'))).toBe('the agenda'),
    );
    await eventually(async () => expect(await serverText(name)).toContain('2. Adopt [the agenda].'));
    const refused = await call(name, '/approve');
    expect(refused.status).toBe(409);
    expect(refused.body.open).toEqual({ proposals: 0, brackets: 1 });
    const id = await mexico.page.locator('.report-editor .bracket').getAttribute('data-id');
    expect((await call(name, `/brackets/${id}/resolve`, { keep: true })).status).toBe(200);
    await eventually(async () => expect(await mexico.page.locator('.report-editor .bracket').count()).toBe(0));
    expect((await call(name, '/approve')).status).toBe(200);
  });

  it('Tab proposes a move, and undo takes back one’s own proposals, keystroke and move alike', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    expect((await call(name, '/mode', { mode: 'negotiation' })).status).toBe(200);
    await eventually(async () => expect(await canada.page.locator('.banner.negotiation').count()).toBe(1));
    await caretIn(canada.page, '3');
    await canada.page.keyboard.press('Tab');
    await eventually(async () =>
      expect(await shownItems(canada.page)).toEqual([
        '1. Open the meeting.',
        '2. Adopt the agenda.',
        'a new. Close the meeting.',
        '3. Close the meeting.',
      ]),
    );
    expect(await words(canada.page.locator('.report-editor del.proposal-deletion[data-by="Canada"]'))).toBe(
      'Close the meeting.',
    );
    // The adopted text (the default, clean export) is unchanged by a proposal.
    expect(await serverText(name)).toBe(`${REPORT}\n`);
    await canada.page.keyboard.press('Control+z');
    await eventually(async () =>
      expect(await shownItems(canada.page)).toEqual([
        '1. Open the meeting.',
        '2. Adopt the agenda.',
        '3. Close the meeting.',
      ]),
    );
    expect(await canada.page.locator('.report-editor del, .report-editor ins').count()).toBe(0);
    await caretIn(canada.page, '1');
    await canada.page.keyboard.type(' today');
    await eventually(async () => expect(await canada.page.locator('.report-editor ins').count()).toBe(1));
    await canada.page.keyboard.press('Control+z');
    await eventually(async () => expect(await canada.page.locator('.report-editor ins').count()).toBe(0));
    // Nothing of it stays on the server either (the undo is sent after the frame that shows it).
    const token = suite.server.token(name, 'observer');
    await eventually(async () => {
      const state = await (await fetch(`${suite.server.url}/api/rooms/${name}/proposals?token=${token}`)).json();
      expect(state.proposals).toEqual([]);
    });
  });
});
