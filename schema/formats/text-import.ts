import { agreement, agreementList, doc, heading, paragraph, subItem, subItemList } from '../build';
import { DEFAULT_SETTINGS, type ImportResult, type NodeJSON } from '../json';
import { agreementLabel, type SubItemStyle, subItemLabel } from '../numbering';
import { linkReferences } from '../references/link-references';
import { ESCAPE, isHeadingLine, matchAgreementLine, matchSubItemLine } from './text-lines';

interface OpenAgreement {
  paragraphs: NodeJSON[];
  subItems: NodeJSON[][];
  style: SubItemStyle | null;
}

/**
 * Reads the plain-text layout of a report (the RCM fixture's): `N.`/`N)` lines are agreements,
 * `a.`/`a)`/`(a)` lines sub-items of the agreement above, a short line in capitals a heading,
 * any other line a paragraph. An unlabelled line right under an agreement or sub-item (no blank
 * line between) is a further paragraph of it; a blank line then text ends the list.
 * Numbers out of order are renumbered with a warning, never rejected.
 */
export function importText(source: string): ImportResult {
  const blocks: NodeJSON[] = [];
  const warnings: string[] = [];
  const renumbered: string[] = [];
  const relettered: string[] = [];
  const restyled: string[] = [];
  let parenAgreementLabels = 0;

  let list: NodeJSON[] | null = null;
  let open: OpenAgreement | null = null;
  let agreementCount = 0;
  let blankSinceItem = false;

  const closeAgreement = (): void => {
    if (!open || !list) return;
    const subs = open.subItems.map((paragraphs) => subItem(paragraphs));
    list.push(
      agreement(
        open.paragraphs,
        subs.length > 0 ? subItemList(subs, open.style ?? DEFAULT_SETTINGS.subItemStyle) : undefined,
      ),
    );
    open = null;
  };
  const closeList = (): void => {
    closeAgreement();
    if (list && list.length > 0) blocks.push(agreementList(list));
    list = null;
  };

  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, lineIndex) => {
    const line = raw.trim();
    const lineNumber = lineIndex + 1;
    if (line === '') {
      blankSinceItem = true;
      return;
    }
    const agreementLine = matchAgreementLine(line);
    if (agreementLine) {
      closeAgreement();
      list ??= [];
      agreementCount += 1;
      if (agreementLine.number !== agreementCount) {
        renumbered.push(`line ${lineNumber}: ${agreementLine.label} → ${agreementLabel(agreementCount)}`);
      }
      if (agreementLine.label.endsWith(')')) parenAgreementLabels += 1;
      open = { paragraphs: [paragraph(agreementLine.rest)], subItems: [], style: null };
      blankSinceItem = false;
      return;
    }
    const subItemLine = open ? matchSubItemLine(line) : null;
    if (open && subItemLine) {
      const expected = open.subItems.length + 1;
      open.style ??= subItemLine.style;
      if (subItemLine.index !== expected) {
        relettered.push(`line ${lineNumber}: ${subItemLine.label} → ${subItemLabel(expected, open.style)}`);
      } else if (subItemLine.style !== open.style) {
        restyled.push(`line ${lineNumber}: ${subItemLine.label} → ${subItemLabel(expected, open.style)}`);
      }
      open.subItems.push([paragraph(subItemLine.rest)]);
      blankSinceItem = false;
      return;
    }
    const escaped = line.startsWith(ESCAPE);
    const content = escaped ? line.slice(ESCAPE.length) : line;
    if (!escaped && isHeadingLine(line)) {
      closeList();
      blocks.push(heading(line));
      return;
    }
    if (open && !blankSinceItem) {
      const target = open.subItems.at(-1) ?? open.paragraphs;
      target.push(paragraph(content));
      return;
    }
    closeList();
    blocks.push(paragraph(content));
  });
  closeList();

  if (renumbered.length > 0) {
    warnings.push(`agreement numbers were out of order or repeated and have been renumbered: ${renumbered.join('; ')}`);
  }
  if (relettered.length > 0) {
    warnings.push(`sub-item letters were out of order or repeated and have been relettered: ${relettered.join('; ')}`);
  }
  if (restyled.length > 0) {
    warnings.push(
      `sub-items written in another style than the first of their list now follow it: ${restyled.join('; ')}`,
    );
  }
  if (parenAgreementLabels > 0) {
    warnings.push(`${parenAgreementLabels} agreement label(s) written "N)" will be written "N."`);
  }
  // `paragraph 4 (b)` inside an agreement cites another item: it becomes a reference that renumbers.
  const { doc: linkedDoc, linked } = linkReferences(doc(blocks));
  if (linked.length > 0)
    warnings.push(
      `${linked.length} citation${linked.length === 1 ? '' : 's'} of other paragraphs became cross-references: ${linked.slice(0, 10).join('; ')}${linked.length > 10 ? '; …' : ''}`,
    );
  return { report: { doc: linkedDoc, settings: { ...DEFAULT_SETTINGS } }, warnings };
}
