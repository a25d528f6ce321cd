import { parseAgreementLabel, parseSubItemLabel, type SubItemStyle } from '../numbering';

/**
 * How one line of the plain-text layout reads. Shared by the text importer and exporter so that
 * what the exporter writes is exactly what the importer understands.
 */

export const AGREEMENT_LINE = /^(\d{1,6}[.)])(?:\s+|$)/;
/** Sub-item labels: one or two letters (`zz` is sub-item 702), so "etc. " is not taken for one. */
const SUB_ITEM_LINE = /^(\([a-z]{1,2}\)|[a-z]{1,2}[.)])(?:\s+|$)/;
const HEADING_MAX_LENGTH = 80;

/** The escape that marks a line as a plain paragraph even when it looks like a label or a heading. */
export const ESCAPE = '\\';

export type LabelMatch = { label: string; rest: string };

export function matchAgreementLine(line: string): (LabelMatch & { number: number }) | null {
  const match = AGREEMENT_LINE.exec(line);
  if (!match) return null;
  const number = parseAgreementLabel(match[1]!);
  if (number === null) return null;
  return { label: match[1]!, number, rest: line.slice(match[0].length) };
}

export function matchSubItemLine(line: string): (LabelMatch & { index: number; style: SubItemStyle }) | null {
  const match = SUB_ITEM_LINE.exec(line);
  if (!match) return null;
  const parsed = parseSubItemLabel(match[1]!);
  if (!parsed) return null;
  return { label: match[1]!, ...parsed, rest: line.slice(match[0].length) };
}

/** A short line with letters, none of them lower-case: "AGREEMENTS", "I. INTRODUCTION". */
export function isHeadingLine(line: string): boolean {
  return line.length <= HEADING_MAX_LENGTH && /\p{Lu}/u.test(line) && !/\p{Ll}/u.test(line);
}

/**
 * Whether a paragraph's text must be escaped to read back as a paragraph. `afterList`: the line
 * follows an agreement or sub-item, where a letter label would start a sub-item.
 */
export function needsEscape(text: string, afterList: boolean): boolean {
  return (
    text.startsWith(ESCAPE) ||
    matchAgreementLine(text) !== null ||
    isHeadingLine(text) ||
    (afterList && matchSubItemLine(text) !== null)
  );
}

/** Text as one line: a paragraph never spans lines in the plain-text layout. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
