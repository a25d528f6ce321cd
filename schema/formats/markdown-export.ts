import { assertNever } from '../assert-never';
import type { NodeJSON, Report } from '../json';
import { subItemListOf, subItemStyleOf } from '../labels';
import { agreementLabel, subItemLabel } from '../numbering';
import { writeInline } from './markdown-inline';

/**
 * Markdown: agreements as an ordered list numbered through the report, sub-items nested under
 * their agreement with the report's own letters (`a.`, `a)`, `(a)`: Pandoc's fancy lists read them).
 */
export function exportMarkdown(report: Report): string {
  const blocks: string[] = [];
  let agreementNumber = 0;
  let lastType = 'none';
  for (const block of report.doc.content ?? []) {
    const previousWasList = lastType === 'agreementList' && blocks.length > 0;
    if (block.type !== 'paragraph' || (block.content ?? []).length > 0) lastType = block.type;
    switch (block.type) {
      case 'heading': {
        const body = writeInline(block.content ?? []);
        if (body === '') break;
        const level = Math.min(Math.max(Number(block.attrs?.level) || 2, 1), 3);
        blocks.push(`${'#'.repeat(level)} ${body}`);
        break;
      }
      case 'paragraph': {
        const body = writeInline(block.content ?? []);
        if (body !== '') blocks.push(escapeBlockStart(body));
        break;
      }
      case 'agreementList': {
        const lines: string[] = [];
        for (const item of block.content ?? []) {
          agreementNumber += 1;
          const label = agreementLabel(agreementNumber);
          const indent = ' '.repeat(label.length + 1);
          lines.push(...itemLines(label, item, ''));
          const list = subItemListOf(item);
          if (!list) continue;
          const style = subItemStyleOf(list);
          (list.content ?? []).forEach((sub, position) => {
            lines.push(...itemLines(subItemLabel(position + 1, style), sub, indent));
          });
        }
        // Lists that touch read back as one list, so they are written as one.
        if (previousWasList) blocks[blocks.length - 1] += `\n${lines.join('\n')}`;
        else blocks.push(lines.join('\n'));
        break;
      }
      case 'doc':
      case 'agreement':
      case 'subItemList':
      case 'subItem':
      case 'text':
        break;
      default:
        assertNever(block.type);
    }
  }
  return `${blocks.join('\n\n')}\n`;
}

function itemLines(label: string, item: NodeJSON, indent: string): string[] {
  const paragraphs = (item.content ?? []).filter((child) => child.type === 'paragraph');
  const [first, ...rest] = paragraphs.map((p) => writeInline(p.content ?? []));
  const lines = [first ? `${indent}${label} ${escapeBlockStart(first)}` : `${indent}${label}`];
  const continuation = indent + ' '.repeat(label.length + 1);
  for (const body of rest) if (body !== '') lines.push('', continuation + escapeBlockStart(body));
  return lines;
}

/** A paragraph that begins like a heading, quote, list item or label is escaped so it stays text. */
function escapeBlockStart(body: string): string {
  const label = /^(\d{1,9}|[a-z]{1,2})([.)])(\s|$)/.exec(body);
  if (label) return `${label[1]}\\${body.slice(label[1]!.length)}`;
  if (/^\([a-z]{1,2}\)(\s|$)/.test(body)) return `\\${body}`;
  if (/^([#>]|[-+=](\s|$)|[-=]{2,}\s*$)/.test(body)) return `\\${body}`;
  return body;
}
