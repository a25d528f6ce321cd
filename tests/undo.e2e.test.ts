import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { caretIn, chromiumAvailable, shownItems } from './helpers/browser';
import { browserSuite } from './helpers/browser-suite';
import { eventually } from './helpers/eventually';

const REPORT = [
  '1. First.',
  '2. Second.',
  '3. Third.',
  '4. Fourth.',
  '5. Fifth.',
  '6. Sixth:',
  'a. sixth a;',
  'b. sixth b.',
  '7. Seventh.',
  '8. Eighth.',
].join('\n');

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);

/** What the page shows, as the delegate sees it: each item's label and text. */
const shown = (page: Page) => shownItems(page);

/** Every agreement and sub-item id in the page: undo must never make two items share one. */
const ids = (page: Page) =>
  page.$$eval('.report-editor li[data-type]', (items) => items.map((item) => item.getAttribute('data-id')));

describe.skipIf(!chromiumAvailable())('undo takes back exactly one’s own last step', () => {
  const suite = browserSuite({ report: REPORT });
  const { room, join, serverText } = suite;

  it('typing in 6 (a), then Tab on 8: the first Ctrl-Z undoes the Tab only, the second the typing', async () => {
    const name = await room();
    const canada = await join(name, 'delegate', 'Canada');
    const start = await shown(canada.page);
    await caretIn(canada.page, '6.a');
    await canada.page.keyboard.type(' typed');
    const typed = await shown(canada.page);
    await caretIn(canada.page, '8', 'start');
    await canada.page.keyboard.press('Tab');
    const tabbed = await shown(canada.page);
    expect(tabbed).not.toEqual(typed);
    await canada.page.keyboard.press('Control+z');
    expect(await shown(canada.page)).toEqual(typed);
    await canada.page.keyboard.press('Control+z');
    expect(await shown(canada.page)).toEqual(start);
    await canada.page.keyboard.press('Control+Shift+Z');
    expect(await shown(canada.page)).toEqual(typed);
    await eventually(async () => expect(await serverText(name)).toContain('a. sixth a; typed'));
  });

  it('redo numbers the items again: Shift-Tab on 7, Backspace on 1, undo, redo (the property found it, seed 19823)', async () => {
    const name = await room();
    const { page } = await join(name, 'delegate', 'Canada');
    await caretIn(page, '7', 'start');
    await page.keyboard.press('Shift+Tab');
    await caretIn(page, '1', 'start');
    await page.keyboard.press('Home');
    await page.keyboard.press('Backspace');
    const lifted = await shown(page);
    expect(lifted[0]).toBe('1. Second.');
    await page.keyboard.press('Control+z');
    expect((await shown(page))[0]).toBe('1. First.');
    await page.keyboard.press('Control+Shift+Z');
    // ProseMirror kept the views of the rebuilt, equal items: they showed 2. to 6. instead of 1. to 5.
    expect(await shown(page)).toEqual(lifted);
  });

  it(`property: random typing, Enter, Tab, Shift-Tab, Backspace, undo and redo match a model (seed ${SEED})`, async () => {
    type Edit = { kind: 'type' | 'enter' | 'tab' | 'shiftTab' | 'backspace'; at: number };
    type Step = Edit | { kind: 'undo' | 'redo' };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constantFrom(
          'type' as const,
          'enter' as const,
          'tab' as const,
          'shiftTab' as const,
          'backspace' as const,
        ),
        at: fc.nat(),
      }),
      fc.record({ kind: fc.constantFrom('undo' as const, 'redo' as const) }),
    );
    const runs = fc.sample(fc.array(step, { minLength: 6, maxLength: 12 }), { numRuns: 4, seed: SEED });
    for (const [run, steps] of runs.entries()) {
      const name = await room();
      const canada = await join(name, 'delegate', 'Canada');
      const page = canada.page;
      // The model: what the delegate saw after each of its own steps; undo walks back, redo forward.
      const history: string[][] = [await shown(page)];
      let position = 0;
      for (const [index, current] of steps.entries()) {
        const context = `seed ${SEED}, run ${run}, step ${index}: ${JSON.stringify(steps.slice(0, index + 1))}`;
        if (!('at' in current)) {
          // Shift+Z, as a real keyboard sends it.
          await page.keyboard.press(current.kind === 'undo' ? 'Control+z' : 'Control+Shift+Z');
          if (current.kind === 'undo' && position > 0) position -= 1;
          if (current.kind === 'redo' && position < history.length - 1) position += 1;
          expect(await shown(page), context).toEqual(history[position]);
        } else {
          const references = await page.$$eval('.report-editor li[data-reference]', (items) =>
            items.map((item) => item.getAttribute('data-reference')!),
          );
          const reference = references[current.at % references.length]!;
          // Each action is one undo step, as in a word processor: Enter, then the typing after it.
          const actions: (() => Promise<void>)[] = [];
          if (current.kind === 'type') {
            await caretIn(page, reference);
            actions.push(() => page.keyboard.type(` w${index}`));
          } else if (current.kind === 'enter') {
            await caretIn(page, reference);
            actions.push(() => page.keyboard.press('Enter'));
            actions.push(() => page.keyboard.type(`n${index}`));
          } else {
            await caretIn(page, reference, 'start');
            const key = current.kind === 'tab' ? 'Tab' : current.kind === 'shiftTab' ? 'Shift+Tab' : 'Backspace';
            actions.push(() => page.keyboard.press(key));
          }
          for (const action of actions) {
            const before = await shown(page);
            await action();
            const after = await shown(page);
            // A step that changed nothing (Tab on the first agreement) is not an undo step.
            if (JSON.stringify(after) !== JSON.stringify(before)) {
              history.splice(position + 1, history.length, after);
              position = history.length - 1;
            }
          }
        }
        // Nothing the delegate did was refused by the server.
        expect(await page.locator('.banner.notice').allTextContents(), context).toEqual([]);
        const shownIds = await ids(page);
        expect(new Set(shownIds).size, context).toBe(shownIds.length);
      }
      // What the server holds is what the delegate sees.
      await eventually(async () => {
        const text = await serverText(name);
        for (const line of await shown(page))
          expect(text, `seed ${SEED}, run ${run}`).toContain(line.split(' ').slice(1).join(' '));
      });
      await canada.context.close();
    }
  }, 240_000);
});
