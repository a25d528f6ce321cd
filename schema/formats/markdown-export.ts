import { assertNever } from '../assert-never';
import type { NodeJSON, Report } from '../json';
import { labelsByNode, subItemListOf } from '../labels';
import { criticMarkupRuns } from '../negotiation/views';
import { referencesAsText } from '../references/resolve';
import { writeInline as writePlainInline } from './markdown-inline';

/** Inline Markdown, with any proposal as CriticMarkup (`{++…++}{>>Canada<<}`; a clean view has none). */
const writeInline = (nodes: NodeJSON[]): string => criticMarkupRuns(nodes, writePlainInline);

/**
 * Markdown: agreements as an ordered list numbered through the report, sub-items nested under
 * their agreement with the report's own letters (`a.`, `a)`, `(a)`: Pandoc's fancy lists read them).
 */
export function exportMarkdown(written: Report): string {
  const report = { ...written, doc: referencesAsText(written.doc) };
  const blocks: string[] = [];
  const labels = labelsByNode(report.doc);
  const labelOf = (node: NodeJSON) => labels.get(node)?.label ?? '';
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
          const label = labelOf(item);
          const indent = ' '.repeat(label.length + 1);
          lines.push(...itemLines(label, item, ''));
          for (const sub of subItemListOf(item)?.content ?? []) lines.push(...itemLines(labelOf(sub), sub, indent));
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
      case 'reference':
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
