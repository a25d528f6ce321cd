import type { ImportResult, Report } from '../json';
import { exportHtml } from './html-export';
import { exportJson, importJson } from './json-format';
import { exportMarkdown } from './markdown-export';
import { importMarkdown } from './markdown-import';
import { exportText } from './text-export';
import { importText } from './text-import';

/** Every output format Accord names; some are not built yet and say so. */
export const EXPORT_FORMATS = ['txt', 'md', 'html', 'json', 'docx', 'pdf', 'akn'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface FormatInfo {
  mime: string;
  extension: string;
  /** Absent for formats that are not supported yet. */
  write?: (report: Report, options: { title?: string; subtitle?: string }) => string;
}

export const FORMATS: Record<ExportFormat, FormatInfo> = {
  txt: { mime: 'text/plain; charset=utf-8', extension: 'txt', write: (report) => exportText(report) },
  md: { mime: 'text/markdown; charset=utf-8', extension: 'md', write: (report) => exportMarkdown(report) },
  html: {
    mime: 'text/html; charset=utf-8',
    extension: 'html',
    write: (report, options) => exportHtml(report, options),
  },
  json: { mime: 'application/json; charset=utf-8', extension: 'json', write: (report) => exportJson(report) },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  pdf: { mime: 'application/pdf', extension: 'pdf' },
  akn: { mime: 'application/akn+xml; charset=utf-8', extension: 'akn.xml' },
};

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** Input formats, chosen by the file's extension. */
export const IMPORTERS: Record<string, (source: string) => ImportResult> = {
  '.txt': importText,
  '.text': importText,
  '.md': importMarkdown,
  '.markdown': importMarkdown,
  '.json': importJson,
};
