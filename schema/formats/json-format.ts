import { DEFAULT_SETTINGS, type ImportResult, type Report, type ReportSettings } from '../json';
import { isSubItemStyle } from '../numbering';
import { InvalidReportError, normalizeDoc } from '../validate';
import { readMeeting } from '../ydoc';

/** Version of the JSON file layout; a reader refuses layouts newer than it knows. */
export const JSON_FORMAT_VERSION = 1;

/** The ProseMirror document and the report's settings, as one JSON file. */
export function exportJson(report: Report): string {
  return `${JSON.stringify({ format: 'accord-report', version: JSON_FORMAT_VERSION, settings: report.settings, doc: report.doc }, null, 2)}\n`;
}

/** Reads `exportJson`'s layout, or a bare ProseMirror `doc`. Throws InvalidReportError with the reason. */
export function importJson(source: string): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InvalidReportError(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidReportError('expected a JSON object holding a report');
  }
  const record = parsed as Record<string, unknown>;
  const warnings: string[] = [];
  let docJson: unknown;
  let settings: ReportSettings = { ...DEFAULT_SETTINGS };
  if (record.type === 'doc') {
    docJson = record;
  } else if (record.format === 'accord-report') {
    if (typeof record.version !== 'number' || record.version > JSON_FORMAT_VERSION) {
      throw new InvalidReportError(
        `report layout version ${String(record.version)} is newer than this Accord reads (${JSON_FORMAT_VERSION})`,
      );
    }
    docJson = record.doc;
    settings = readSettings(record.settings, warnings);
  } else {
    throw new InvalidReportError('not an Accord report: expected "format": "accord-report" or a ProseMirror "doc"');
  }
  const { doc, idsChanged } = normalizeDoc(docJson);
  if (idsChanged > 0)
    warnings.push(`${idsChanged} agreement or sub-item id(s) were missing or repeated and have been replaced`);
  return { report: { doc, settings }, warnings };
}

function readSettings(value: unknown, warnings: string[]): ReportSettings {
  const settings: ReportSettings = { ...DEFAULT_SETTINGS };
  if (typeof value !== 'object' || value === null) return settings;
  const style = (value as Record<string, unknown>).subItemStyle;
  if (isSubItemStyle(style)) settings.subItemStyle = style;
  else if (style !== undefined)
    warnings.push(`unknown sub-item style ${JSON.stringify(style)}, using "${settings.subItemStyle}"`);
  const meeting = readMeeting((value as Record<string, unknown>).meeting);
  if (meeting) settings.meeting = meeting;
  return settings;
}
