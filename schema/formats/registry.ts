import { withoutCommentMarks } from '../comments/anchors';
import type { ImportResult, Report } from '../json';
import { viewOf } from '../negotiation/views';
import { exportAkn } from './akn-export';
import type { ExportOptions } from './export-options';
import type { ExportFormat } from './format-names';
/**
 * Every format, for the server and the CLI (Node only: the PDF writer reads its fonts from disk, so
 * the editor never imports this file).
 */
import { EXPORT_FORMATS } from './format-names';
import { exportHtml } from './html-export';
import { exportJson, importJson } from './json-format';
import { exportMarkdown } from './markdown-export';
import { importMarkdown } from './markdown-import';
import { safeOptions, safeReport } from './safe-report';
import { exportText } from './text-export';
import { importText } from './text-import';

export { EXPORT_FORMATS, type ExportFormat } from './format-names';

export interface FormatInfo {
  mime: string;
  extension: string;
  /** Whether the output is bytes rather than text (never written to a terminal). */
  binary: boolean;
  write: (report: Report, options: ExportOptions) => Promise<string | Uint8Array>;
}

/** An approved report says so: on the first line of its text and Markdown, under the title elsewhere. */
const approvalLine = (options: ExportOptions): string | null =>
  options.approval ? `Approved on ${options.approval.date} by ${options.approval.by}` : null;

const WRITERS: Record<ExportFormat, FormatInfo> = {
  txt: {
    mime: 'text/plain; charset=utf-8',
    extension: 'txt',
    binary: false,
    write: async (report, options) =>
      (approvalLine(options) ? `${approvalLine(options)}\n\n` : '') + exportText(report),
  },
  md: {
    mime: 'text/markdown; charset=utf-8',
    extension: 'md',
    binary: false,
    write: async (report, options) =>
      (approvalLine(options) ? `*${approvalLine(options)}*\n\n` : '') + exportMarkdown(report),
  },
  html: {
    mime: 'text/html; charset=utf-8',
    extension: 'html',
    binary: false,
    write: async (report, options) => {
      const subtitle = approvalLine(options) ?? options.subtitle;
      return exportHtml(report, {
        ...(options.title ? { title: options.title } : {}),
        ...(subtitle ? { subtitle } : {}),
        ...(options.comments ? { comments: options.comments } : {}),
      });
    },
  },
  json: {
    mime: 'application/json; charset=utf-8',
    extension: 'json',
    binary: false,
    write: async (report) => exportJson(report),
  },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    binary: true,
    // Word and PDF writers (docx, pdfmake and its fonts) load when first used, not with every command.
    write: async (report, options) => (await import('./docx-export')).exportDocx(report, options),
  },
  pdf: {
    mime: 'application/pdf',
    extension: 'pdf',
    binary: true,
    write: async (report, options) => (await import('./pdf-export')).exportPdf(report, options),
  },
  akn: {
    mime: 'application/akn+xml; charset=utf-8',
    extension: 'akn.xml',
    binary: false,
    write: async (report, options) => exportAkn(report, options),
  },
};

/**
 * Every format, each given the report with what no format may carry filtered out (safe-report.ts):
 * hostile text is cleaned in one place, not in seven exporters. And each is given the view asked for
 * (negotiation/views.ts) — except JSON, which is the report's data, not a rendering of it: it keeps
 * proposals and brackets as they are, so a JSON export can be imported back with nothing lost.
 */
export const FORMATS = Object.fromEntries(
  Object.entries(WRITERS).map(([format, info]) => [
    format,
    {
      ...info,
      write: (report: Report, options: ExportOptions) =>
        info.write(safeReport(forFormat(format as ExportFormat, report, options)), safeOptions(options)),
    },
  ]),
) as Record<ExportFormat, FormatInfo>;

/** The formats that can carry comment threads, when asked to. */
const WITH_COMMENTS: ReadonlySet<ExportFormat> = new Set(['html', 'docx']);

/**
 * The report as one format writes it. JSON is the data: references stay references (by id), and
 * comment anchors are left out (threads are a conversation about the report, not part of it). Every
 * other format gets the view asked for, and comment anchors only where it prints the threads; each
 * writes a reference as its target's label itself (references/resolve.ts).
 */
function forFormat(format: ExportFormat, report: Report, options: ExportOptions): Report {
  if (format === 'json') return { ...report, doc: withoutCommentMarks(report.doc) };
  const viewed = viewOf(report, options.view);
  const keepComments = options.comments !== undefined && WITH_COMMENTS.has(format);
  return keepComments ? viewed : { ...viewed, doc: withoutCommentMarks(viewed.doc) };
}

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** Input formats by extension: text ones read a string, `.docx` reads bytes. */
export const TEXT_IMPORTERS: Record<string, (source: string) => ImportResult> = {
  '.txt': importText,
  '.text': importText,
  '.md': importMarkdown,
  '.markdown': importMarkdown,
  '.json': importJson,
};

export const BINARY_IMPORTERS: Record<string, (bytes: Uint8Array) => Promise<ImportResult>> = {
  '.docx': async (bytes) => (await import('./docx-import')).importDocx(bytes),
};
