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

// Tab, line feed and carriage return are the only controls XML allows; lone surrogates and the
// two non-characters U+FFFE/U+FFFF are not characters at all.
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text with the characters no export format may carry removed. */
export function safeText(text: string): string {
  return text.replace(FORBIDDEN, '');
}

/**
 * A link address an export may write, or null: http(s), mailto or `#anchor`, with nothing that could
 * end it early in any format (whitespace, controls, quotes, angle brackets and parentheses are
 * percent-encoded).
 */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null;
  const cleaned = safeText(href.trim()).replace(/[\s\u0080-\u009F"'<>()`\\{}|^]/g, (char) =>
    [...new TextEncoder().encode(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
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
