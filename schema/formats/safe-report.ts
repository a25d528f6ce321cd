import { isSafeHref } from '../extensions';
import type { MarkJSON, NodeJSON, Report } from '../json';
import type { ExportOptions } from './export-options';

/**
 * What every exporter is given: the report with the characters no document format may carry
 * removed (XML 1.0 forbids NUL and the other C0 controls, lone surrogates, U+FFFE and U+FFFF; a
 * PDF or a text file gains nothing from them either), and links whose address is not http(s),
 * mailto or an anchor in the report unlinked (their text kept). Text is never otherwise changed.
 */
export function safeReport(report: Report): Report {
  const meeting = report.settings.meeting;
  return {
    doc: safeNode(report.doc) as Report['doc'],
    settings: {
      ...report.settings,
      ...(meeting
        ? {
            meeting: Object.fromEntries(
              Object.entries(meeting).map(([key, value]) => [key, typeof value === 'string' ? safeText(value) : value]),
            ),
          }
        : {}),
    },
  };
}

export function safeOptions(options: ExportOptions): ExportOptions {
  const clean: ExportOptions = { ...options };
  if (options.title !== undefined) clean.title = safeText(options.title);
  if (options.subtitle !== undefined) clean.subtitle = safeText(options.subtitle);
  if (options.approval) clean.approval = { date: safeText(options.approval.date), by: safeText(options.approval.by) };
  return clean;
}

/** Text with the characters no export format may carry removed. */
export function safeText(text: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text.slice(i, i + 2);
        i += 1;
        continue;
      }
    }
    if (forbiddenInDocuments(code)) {
      changed = true;
      continue;
    }
    out += text[i];
  }
  return changed ? out : text;
}

/**
 * Tab, line feed and carriage return are the only controls XML allows; a lone surrogate (a high one
 * is only reached here unpaired) and the non-characters U+FFFE/U+FFFF are not characters at all.
 */
function forbiddenInDocuments(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    (code >= 0xd800 && code <= 0xdfff) ||
    code === 0xfffe ||
    code === 0xffff
  );
}

const UTF8 = new TextEncoder();

/**
 * A link address an export may write, or null: http(s), mailto or `#anchor`, with nothing that could
 * end it early in any format (whitespace, controls, quotes, angle brackets and parentheses are
 * percent-encoded).
 */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null;
  const cleaned = safeText(href.trim()).replace(/[\s\u0080-\u009F"'<>()`\\{}|^]/g, (char) =>
    [...UTF8.encode(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  return isSafeHref(cleaned) ? cleaned : null;
}

function safeNode(node: NodeJSON): NodeJSON {
  const copy: NodeJSON = { ...node };
  if (node.text !== undefined) copy.text = safeText(node.text);
  if (node.marks) copy.marks = node.marks.flatMap(safeMark);
  if (node.content) copy.content = node.content.map(safeNode).filter((child) => child.type !== 'text' || child.text);
  if (node.attrs) {
    copy.attrs = Object.fromEntries(
      Object.entries(node.attrs).map(([key, value]) => [key, typeof value === 'string' ? safeText(value) : value]),
    );
  }
  return copy;
}

function safeMark(mark: MarkJSON): MarkJSON[] {
  if (mark.type !== 'link') return [mark];
  const href = safeHref(mark.attrs?.href);
  return href === null ? [] : [{ ...mark, attrs: { ...mark.attrs, href } }];
}
