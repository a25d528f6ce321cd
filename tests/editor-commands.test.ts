import { describe, expect, it } from 'vitest';
import {
  type DocJSON,
  deriveLabels,
  importText,
  insertAgreement,
  insertReport,
  liftAtStart,
  liftItem,
  newParagraphInItem,
  sinkItem,
  splitItem,
} from '../schema/index';
import { layout, run, state } from './helpers/editor-state';

const lines = (...parts: string[]): string => parts.join('\n');

describe('Enter (splitItem)', () => {
  it.each([
    ['at the end of an agreement starts the next one', lines('1. one|', '2. two'), lines('1. one', '2. |', '3. two')],
    [
      'at the end of an agreement with sub-items starts the next one after them',
      lines('1. one|', 'a. sub', '2. two'),
      lines('1. one', 'a. sub', '2. |', '3. two'),
    ],
    ['in the middle splits the agreement', lines('1. first |second'), lines('1. first', '2. |second')],
    [
      'at the start of a text opens an empty agreement above',
      lines('1. one', '2. |two'),
      lines('1. one', '2.', '3. |two'),
    ],
    ['on an empty agreement ends the list', lines('1. one', '2. |'), lines('1. one', '', '|')],
    ['in a sub-item starts the next sub-item', lines('1. one', 'a. sub|'), lines('1. one', 'a. sub', 'b. |')],
    [
      'on an empty sub-item lifts it to an agreement',
      lines('1. one', 'a. sub', 'b. |', '2. two'),
      lines('1. one', 'a. sub', '2. |', '3. two'),
    ],
  ])('%s', (_name, before, after) => {
    expect(run(splitItem, before)).toBe(after);
  });

  it('refuses outside a list, leaving Enter to the paragraph', () => {
    expect(run(splitItem, 'A para|graph')).toBeNull();
  });

  it('gives the new agreement its own id', () => {
    let current = state(lines('1. one|'));
    splitItem(current, (tr) => {
      current = current.apply(tr);
    });
    const ids = deriveLabels(current.doc.toJSON() as DocJSON).map((item) => item.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('Shift-Enter (newParagraphInItem)', () => {
  it('opens a new paragraph inside the same agreement', () => {
    expect(run(newParagraphInItem, lines('1. one |two', '2. next'))).toBe(lines('1. one', '|two', '2. next'));
  });
});

describe('Tab (sinkItem)', () => {
  it.each([
    [
      'makes an agreement a sub-item of the one above',
      lines('1. one', '2. tw|o', '3. three'),
      lines('1. one', 'a. tw|o', '2. three'),
    ],
    [
      'appends to existing sub-items, in their style',
      lines('1. one', '(a) sub', '2. tw|o'),
      lines('1. one', '(a) sub', '(b) tw|o'),
    ],
    [
      'brings the agreement’s own sub-items along',
      lines('1. one', '2. tw|o', 'a) x', 'b) y'),
      lines('1. one', 'a) tw|o', 'b) x', 'c) y'),
    ],
  ])('%s', (_name, before, after) => {
    expect(run(sinkItem(), before)).toBe(after);
  });

  it.each([
    ['the first agreement', lines('1. o|ne', '2. two')],
    ['a sub-item', lines('1. one', 'a. s|ub')],
    ['a paragraph', 'pa|ragraph'],
  ])('is not possible on %s', (_name, before) => {
    expect(sinkItem()(state(before))).toBe(false);
    expect(run(sinkItem(), before)).toBeNull();
  });

  it('uses the report’s default style for a new sub-item list', () => {
    expect(run(sinkItem('(a)'), lines('1. one', '2. tw|o'))).toBe(lines('1. one', '(a) tw|o'));
  });
});

describe('Shift-Tab (liftItem)', () => {
  it.each([
    ['makes a sub-item the next agreement', lines('1. one', 'a. s|ub', '2. two'), lines('1. one', '2. s|ub', '3. two')],
    [
      'takes the following sub-items along',
      lines('1. one', 'a. x', 'b. |y', 'c. z'),
      lines('1. one', 'a. x', '2. |y', 'a. z'),
    ],
    [
      'makes an agreement a paragraph between two lists',
      lines('1. one', '2. tw|o', '3. three'),
      lines('1. one', '', 'tw|o', '', '2. three'),
    ],
    [
      'promotes the sub-items of a lifted agreement',
      lines('1. on|e', 'a. x', 'b. y'),
      lines('on|e', '', '1. x', '2. y'),
    ],
  ])('%s', (_name, before, after) => {
    expect(run(liftItem, before)).toBe(after);
  });

  it('is not possible outside a list', () => {
    expect(liftItem(state('pa|ragraph'))).toBe(false);
  });
});

describe('Backspace at the start (liftAtStart)', () => {
  it.each([
    ['of a sub-item lifts it', lines('1. one', 'a. |sub'), lines('1. one', '2. |sub')],
    ['of an agreement makes it a paragraph', lines('1. one', '2. |two'), lines('1. one', '', '|two')],
  ])('%s', (_name, before, after) => {
    expect(run(liftAtStart, before)).toBe(after);
  });

  it.each([
    ['in the middle of a text', lines('1. o|ne')],
    ['at the start of a second paragraph', lines('1. one', '|two')],
  ])('leaves Backspace alone %s', (_name, before) => {
    expect(run(liftAtStart, before)).toBeNull();
  });
});

describe('toolbar: insertAgreement', () => {
  it.each([
    [
      'after the agreement under the cursor',
      lines('1. o|ne', 'a. sub', '2. two'),
      lines('1. one', 'a. sub', '2. |', '3. two'),
    ],
    [
      'from a sub-item, after its agreement',
      lines('1. one', 'a. s|ub', '2. two'),
      lines('1. one', 'a. sub', '2. |', '3. two'),
    ],
    [
      'from a paragraph, starting the list that follows',
      lines('Intro|', '', '1. one'),
      lines('Intro', '', '1. |', '2. one'),
    ],
    ['from a paragraph with no list after it, in a new list', lines('Intro|'), lines('Intro', '', '1. |')],
  ])('%s', (_name, before, after) => {
    expect(run(insertAgreement, before)).toBe(after);
  });
});

describe('pasting numbered text (insertReport)', () => {
  const pasted = (text: string) => insertReport(importText(text).report.doc);

  it('inside a list, the pasted agreements follow the current one and everything renumbers', () => {
    expect(run(pasted(lines('1. pasted one', '2. pasted two')), lines('1. one|', '2. two'))).toBe(
      lines('1. one', '2. pasted one', '3. pasted two|', '4. two'),
    );
  });

  it('pasted paragraphs between agreements split the list', () => {
    expect(run(pasted(lines('1. a', '', 'Between.', '', '2. b')), lines('1. one|', '2. two'))).toBe(
      lines('1. one', '2. a', '', 'Between.', '', '3. b|', '4. two'),
    );
  });

  it('into an empty paragraph, the report replaces it', () => {
    expect(run(pasted(lines('Preamble.', '', '1. a', 'a) sub')), lines('Intro', '|'))).toBe(
      lines('Intro', 'Preamble.', '', '1. a', 'a) sub|'),
    );
  });
});

describe('unique ids', () => {
  it('a duplicated id is replaced in the copy, not in the original', () => {
    const current = state(lines('1. o|ne', '2. two'));
    const first = current.doc.child(0).child(0);
    const tr = current.tr.setNodeAttribute(1 + first.nodeSize, 'id', first.attrs.id);
    const next = current.apply(tr);
    const ids = deriveLabels(next.doc.toJSON() as DocJSON).map((item) => item.id);
    expect(ids[0]).toBe(first.attrs.id);
    expect(ids[1]).not.toBe(first.attrs.id);
    expect(layout(next)).toBe(lines('1. o|ne', '2. two'));
  });
});
