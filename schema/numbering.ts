/**
 * Labels derived from document order. Nothing in a report stores a number as text: every part
 * (editor, exporters, server) calls these functions, so `4.b` means the same thing everywhere.
 */

/** How the sub-items of one list are lettered: `a.` (the RCM style), `a)` or `(a)` (UN editorial manual). */
export const SUB_ITEM_STYLES = ['a.', 'a)', '(a)'] as const;
export type SubItemStyle = (typeof SUB_ITEM_STYLES)[number];
export const DEFAULT_SUB_ITEM_STYLE: SubItemStyle = 'a.';

export function isSubItemStyle(value: unknown): value is SubItemStyle {
  return typeof value === 'string' && (SUB_ITEM_STYLES as readonly string[]).includes(value);
}

/** `1` → `1.` (agreements are numbered from 1 through the whole report). */
export function agreementLabel(number: number): string {
  assertPositiveInteger(number);
  return `${number}.`;
}

/** `1.` or `1)` → 1; anything else → null. */
export function parseAgreementLabel(label: string): number | null {
  const match = /^(\d+)[.)]$/.exec(label);
  if (!match) return null;
  const number = Number(match[1]);
  return number >= 1 && Number.isSafeInteger(number) ? number : null;
}

/**
 * 1 → `a`, 26 → `z`, 27 → `aa`, 28 → `ab`: bijective base 26, the same sequence as CSS `lower-alpha`
 * and Word's lower-letter numbering, so the browser, Word and our text agree.
 */
export function subItemLetters(index: number): string {
  assertPositiveInteger(index);
  let letters = '';
  let rest = index;
  while (rest > 0) {
    const digit = (rest - 1) % 26;
    letters = String.fromCharCode(97 + digit) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}

/** `a` → 1, `z` → 26, `aa` → 27; null for anything that is not lower-case letters. */
export function parseSubItemLetters(letters: string): number | null {
  if (!/^[a-z]+$/.test(letters) || letters.length > 10) return null;
  let index = 0;
  for (const char of letters) index = index * 26 + (char.charCodeAt(0) - 96);
  return index;
}

/** 2, `(a)` → `(b)`. */
export function subItemLabel(index: number, style: SubItemStyle = DEFAULT_SUB_ITEM_STYLE): string {
  const letters = subItemLetters(index);
  switch (style) {
    case 'a.':
      return `${letters}.`;
    case 'a)':
      return `${letters})`;
    case '(a)':
      return `(${letters})`;
  }
}

/** `b.` → { index: 2, style: 'a.' }; `(aa)` → { index: 27, style: '(a)' }; anything else → null. */
export function parseSubItemLabel(label: string): { index: number; style: SubItemStyle } | null {
  const match = /^(?:\(([a-z]+)\)|([a-z]+)([.)]))$/.exec(label);
  if (!match) return null;
  const letters = match[1] ?? match[2] ?? '';
  const index = parseSubItemLetters(letters);
  if (index === null) return null;
  const style: SubItemStyle = match[1] !== undefined ? '(a)' : match[3] === ')' ? 'a)' : 'a.';
  return { index, style };
}

function assertPositiveInteger(value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`a label index must be a positive integer, got ${value}`);
  }
}
