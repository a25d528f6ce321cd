import { assertNever } from '../assert-never';
import { type DocJSON, type NodeJSON, type Report, textOf } from '../json';
import { labelsByNode, subItemListOf } from '../labels';
import { criticMarkupRuns } from '../negotiation/views';
import { referencesAsText } from '../references/resolve';
import { ESCAPE, needsEscape, oneLine } from './text-lines';

/**
 * Writes the report in the plain-text layout of the RCM fixture: one line per paragraph, agreement
 * and sub-item, labels derived from document order, a blank line around headings and lists.
 * `importText(exportText(r))` reads back the same report.
 */
export function exportText(report: Report): string {
  return `${textLines(report.doc).join('\n')}\n`;
}

export function textLines(written: DocJSON): string[] {
  const doc = referencesAsText(written);
  const lines: string[] = [];
  let previous: 'none' | 'paragraph' | 'heading' | 'list' = 'none';
  const labels = labelsByNode(doc);
  const label = (node: NodeJSON) => labels.get(node)?.label ?? '';

  for (const block of doc.content ?? []) {
    switch (block.type) {
      case 'heading': {
        const value = oneLine(textOf(block));
        if (value === '') break;
        if (previous !== 'none') lines.push('');
        lines.push(value);
        previous = 'heading';
        break;
      }
      case 'paragraph': {
        const value = oneLine(inlineText(block));
        if (value === '') break;
        if (previous === 'heading' || previous === 'list') lines.push('');
        lines.push(escapeLine(value, previous === 'list'));
        previous = 'paragraph';
        break;
      }
      case 'agreementList': {
        // Lists that touch read back as one list, so they are written as one.
        if (previous !== 'none' && previous !== 'list') lines.push('');
        for (const item of block.content ?? []) {
          lines.push(...labelledLines(label(item), item));
          const list = subItemListOf(item);
          for (const sub of list?.content ?? []) lines.push(...labelledLines(label(sub), sub));
        }
        previous = 'list';
        break;
      }
      case 'doc':
      case 'agreement':
      case 'subItemList':
      case 'subItem':
      case 'reference':
      case 'text':
        // Not valid at the top level of a report; the schema never lets them there.
        break;
      default:
        assertNever(block.type);
    }
  }
  return lines;
}

/** `4. First paragraph` and then any further paragraphs of the item on lines of their own. */
function labelledLines(label: string, item: NodeJSON): string[] {
  const paragraphs = (item.content ?? [])
    .filter((child) => child.type === 'paragraph')
    .map((p) => oneLine(inlineText(p)));
  const [first = '', ...rest] = paragraphs;
  const lines = [first === '' ? label : `${label} ${first}`];
  for (const value of rest) if (value !== '') lines.push(escapeLine(value, true));
  return lines;
}

function escapeLine(value: string, afterList: boolean): string {
  return needsEscape(value, afterList) ? ESCAPE + value : value;
}

/** A paragraph's words, with any proposal in it as CriticMarkup (a clean view has none left). */
function inlineText(paragraph: NodeJSON): string {
  return criticMarkupRuns(paragraph.content ?? [], (nodes) => nodes.map(textOf).join(''));
}
