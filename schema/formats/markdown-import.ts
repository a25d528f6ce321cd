import { agreement, agreementList, doc, heading, paragraph, subItem, subItemList } from '../build';
import { DEFAULT_SETTINGS, type ImportResult, type NodeJSON } from '../json';
import { agreementLabel, parseSubItemLabel, type SubItemStyle, subItemLabel } from '../numbering';
import { readInline } from './markdown-inline';

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const AGREEMENT = /^ {0,3}(\d{1,9})([.)])(?:\s+|$)(.*)$/;
const SUB_ITEM = /^\s*(\([a-z]{1,2}\)|[a-z]{1,2}[.)])(?:\s+|$)(.*)$/;

interface Item {
  paragraphs: string[][];
}

/**
 * Reads the Markdown `exportMarkdown` writes, and the same shape typed by hand: `#` headings,
 * paragraphs (soft-wrapped lines joined), an ordered list of agreements with lettered sub-items
 * nested under them. Numbers and letters are recomputed; changes are listed as warnings.
 */
export function importMarkdown(source: string): ImportResult {
  const blocks: NodeJSON[] = [];
  const renumbered: string[] = [];
  const relettered: string[] = [];
  let paragraphLines: string[] | null = null;
  let agreements: NodeJSON[] | null = null;
  let open: { item: Item; subItems: Item[]; style: SubItemStyle | null } | null = null;
  let current: Item | null = null;
  let blank = false;
  let agreementCount = 0;

  const inline = (lines: string[]): NodeJSON => paragraph(...readInline(lines.join(' ')));
  const flushParagraph = (): void => {
    if (paragraphLines) blocks.push(inline(paragraphLines));
    paragraphLines = null;
  };
  const closeAgreement = (): void => {
    if (!open || !agreements) return;
    const subs = open.subItems.map((sub) => subItem(sub.paragraphs.map(inline)));
    const style = open.style ?? DEFAULT_SETTINGS.subItemStyle;
    agreements.push(
      agreement(open.item.paragraphs.map(inline), subs.length > 0 ? subItemList(subs, style) : undefined),
    );
    open = null;
    current = null;
  };
  const closeList = (): void => {
    closeAgreement();
    if (agreements && agreements.length > 0) blocks.push(agreementList(agreements));
    agreements = null;
  };

  source
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, index) => {
      const lineNumber = index + 1;
      const line = raw.trimEnd();
      if (line.trim() === '') {
        blank = true;
        flushParagraph();
        return;
      }
      const wasBlank = blank;
      blank = false;
      const headingMatch = HEADING.exec(line);
      if (headingMatch && !raw.startsWith(' ')) {
        flushParagraph();
        closeList();
        blocks.push(heading(readInline(headingMatch[2]!), Math.min(headingMatch[1]!.length, 3)));
        return;
      }
      const agreementMatch = AGREEMENT.exec(line);
      if (agreementMatch) {
        flushParagraph();
        closeAgreement();
        agreements ??= [];
        agreementCount += 1;
        if (Number(agreementMatch[1]) !== agreementCount) {
          renumbered.push(
            `line ${lineNumber}: ${agreementMatch[1]}${agreementMatch[2]} → ${agreementLabel(agreementCount)}`,
          );
        }
        current = { paragraphs: [[agreementMatch[3]!.trim()]] };
        open = { item: current, subItems: [], style: null };
        return;
      }
      const subMatch = open ? SUB_ITEM.exec(line) : null;
      const parsed = subMatch ? parseSubItemLabel(subMatch[1]!) : null;
      if (open && subMatch && parsed) {
        const expected = open.subItems.length + 1;
        open.style ??= parsed.style;
        if (parsed.index !== expected) {
          relettered.push(`line ${lineNumber}: ${subMatch[1]} → ${subItemLabel(expected, open.style)}`);
        }
        current = { paragraphs: [[subMatch[2]!.trim()]] };
        open.subItems.push(current);
        return;
      }
      const indented = /^\s{2,}/.test(raw);
      if (current && (!wasBlank || indented)) {
        const paragraphs: string[][] = current.paragraphs;
        if (wasBlank) paragraphs.push([line.trim()]);
        else paragraphs.at(-1)!.push(line.trim());
        return;
      }
      closeList();
      if (paragraphLines) paragraphLines.push(line.trim());
      else paragraphLines = [line.trim()];
    });
  flushParagraph();
  closeList();

  const warnings: string[] = [];
  if (renumbered.length > 0)
    warnings.push(`agreements have been renumbered in document order: ${renumbered.join('; ')}`);
  if (relettered.length > 0)
    warnings.push(`sub-items have been relettered in document order: ${relettered.join('; ')}`);
  return { report: { doc: doc(blocks), settings: { ...DEFAULT_SETTINGS } }, warnings };
}
