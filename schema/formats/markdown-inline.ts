import { text } from '../build';
import { isSafeHref, reportSchema } from '../extensions';
import type { MarkJSON, NodeJSON } from '../json';

/**
 * Inline Markdown for report text: `**bold**`, `*italic*`, `<u>underline</u>`, `[text](href)` and
 * backslash escapes. The writer escapes every delimiter that occurs in the text, so the reader
 * only meets the delimiters the writer put there (and those a person typed by hand).
 */

const SPECIAL = /[\\`*_[\]<>&~]/g;

export function escapeInline(value: string): string {
  return value.replace(SPECIAL, (char) => `\\${char}`);
}

export function writeInline(nodes: readonly NodeJSON[]): string {
  let out = '';
  let i = 0;
  while (i < nodes.length) {
    const href = linkOf(nodes[i]!);
    if (href === null) {
      out += writeText(nodes[i]!);
      i += 1;
      continue;
    }
    let inner = '';
    while (i < nodes.length && linkOf(nodes[i]!) === href) {
      inner += writeText(nodes[i]!);
      i += 1;
    }
    out += `[${inner}](${href.replace(/[ ()]/g, (char) => encodeURIComponent(char).replace('(', '%28').replace(')', '%29'))})`;
  }
  return out;
}

function writeText(node: NodeJSON): string {
  const value = escapeInline(node.text ?? '');
  if (value === '') return '';
  const has = (name: string): boolean => (node.marks ?? []).some((mark) => mark.type === name);
  let out = value;
  if (has('bold') && has('italic')) out = `***${out}***`;
  else if (has('bold')) out = `**${out}**`;
  else if (has('italic')) out = `*${out}*`;
  if (has('underline')) out = `<u>${out}</u>`;
  return out;
}

function linkOf(node: NodeJSON): string | null {
  const link = (node.marks ?? []).find((mark) => mark.type === 'link');
  const href = link?.attrs?.href;
  return isSafeHref(href) ? href : null;
}

/** Parses inline Markdown into text nodes with marks, in the schema's mark order. */
export function readInline(source: string): NodeJSON[] {
  const nodes: NodeJSON[] = [];
  parseInto(source, [], nodes);
  return mergeAdjacent(nodes);
}

const DELIMITERS: { open: string; close: string; mark: MarkJSON[] }[] = [
  { open: '***', close: '***', mark: [{ type: 'bold' }, { type: 'italic' }] },
  { open: '**', close: '**', mark: [{ type: 'bold' }] },
  { open: '__', close: '__', mark: [{ type: 'bold' }] },
  { open: '*', close: '*', mark: [{ type: 'italic' }] },
  { open: '_', close: '_', mark: [{ type: 'italic' }] },
  { open: '<u>', close: '</u>', mark: [{ type: 'underline' }] },
];

function parseInto(source: string, marks: MarkJSON[], out: NodeJSON[]): void {
  let buffer = '';
  const flush = (): void => {
    if (buffer !== '') out.push(text(buffer, sortMarks(marks)));
    buffer = '';
  };
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (char === '\\' && i + 1 < source.length && /[!-/:-@[-`{-~]/.test(source[i + 1]!)) {
      buffer += source[i + 1];
      i += 2;
      continue;
    }
    if (char === '[') {
      const link = matchLink(source, i);
      if (link) {
        flush();
        const linkMark: MarkJSON[] = isSafeHref(link.href) ? [{ type: 'link', attrs: { href: link.href } }] : [];
        parseInto(link.label, [...withoutLink(marks), ...linkMark], out);
        i = link.end;
        continue;
      }
    }
    const delimiter = DELIMITERS.find((d) => source.startsWith(d.open, i) && opensAt(source, i, d.open));
    if (delimiter) {
      const close = findClose(source, i + delimiter.open.length, delimiter.close);
      if (close > i + delimiter.open.length) {
        flush();
        parseInto(source.slice(i + delimiter.open.length, close), [...marks, ...delimiter.mark], out);
        i = close + delimiter.close.length;
        continue;
      }
    }
    buffer += char;
    i += 1;
  }
  flush();
}

/** `_` inside a word (snake_case) is a letter, not emphasis, as in CommonMark. */
function opensAt(source: string, at: number, open: string): boolean {
  if (!open.startsWith('_')) return true;
  return at === 0 || !/[\p{L}\p{N}]/u.test(source[at - 1]!);
}

function findClose(source: string, from: number, close: string): number {
  for (let i = from; i < source.length; i++) {
    if (source[i] === '\\') {
      i += 1;
      continue;
    }
    if (source.startsWith(close, i)) {
      // `**a***b*`: a closing `**` followed by another `*` still closes here, the rest opens anew.
      return i;
    }
  }
  return -1;
}

function matchLink(source: string, at: number): { label: string; href: string; end: number } | null {
  const labelEnd = findClose(source, at + 1, '](');
  if (labelEnd < 0) return null;
  const hrefEnd = source.indexOf(')', labelEnd + 2);
  if (hrefEnd < 0) return null;
  let href = source.slice(labelEnd + 2, hrefEnd).trim();
  if (href.startsWith('<') && href.endsWith('>')) href = href.slice(1, -1);
  try {
    href = href.replace(/%2[89]/gi, (code) => decodeURIComponent(code)).replace(/%20/g, ' ');
  } catch {
    // A malformed escape stays as written.
  }
  return { label: source.slice(at + 1, labelEnd), href, end: hrefEnd + 1 };
}

function withoutLink(marks: MarkJSON[]): MarkJSON[] {
  return marks.filter((mark) => mark.type !== 'link');
}

function sortMarks(marks: MarkJSON[]): MarkJSON[] {
  const unique = new Map<string, MarkJSON>();
  for (const mark of marks) unique.set(mark.type, mark);
  // The schema's own mark order, so the JSON equals what ProseMirror itself would produce.
  const order = Object.keys(reportSchema().marks);
  return [...unique.values()].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
}

function mergeAdjacent(nodes: NodeJSON[]): NodeJSON[] {
  const merged: NodeJSON[] = [];
  for (const node of nodes) {
    const last = merged.at(-1);
    if (last && JSON.stringify(last.marks ?? []) === JSON.stringify(node.marks ?? [])) {
      merged[merged.length - 1] = { ...last, text: (last.text ?? '') + (node.text ?? '') };
    } else {
      merged.push(node);
    }
  }
  return merged;
}
