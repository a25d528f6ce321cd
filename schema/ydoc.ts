import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { doc as emptyDoc } from './build';
import { reportSchema } from './extensions';
import {
  DEFAULT_SETTINGS,
  type DocJSON,
  type MeetingInfo,
  type Report,
  type ReportSettings,
  withoutEmptyProposals,
} from './json';
import { REPORT_FIELD } from './nodes/names';
import { isSubItemStyle } from './numbering';
import { needsUpgrade, upgradeReportDoc } from './upgrade';

/** The Y.Map holding the report's settings beside the `report` fragment. */
export const SETTINGS_FIELD = 'settings';

/**
 * Reads the report out of a Y.Doc with the binding TipTap's Collaboration extension uses, so the
 * server and CLI see exactly what the editors show. An empty fragment is an empty report.
 */
export function yDocToReport(ydoc: Y.Doc): Report {
  // The binding deletes whatever it cannot convert: content the schema does not know is first kept
  // as plain text, in a copy (the caller's document is never changed by reading it).
  if (needsUpgrade(ydoc)) {
    const copy = new Y.Doc();
    try {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc));
      copy.transact(() => upgradeReportDoc(copy));
      return yDocToReport(copy);
    } finally {
      copy.destroy();
    }
  }
  const fragment = ydoc.getXmlFragment(REPORT_FIELD);
  const doc =
    fragment.length === 0
      ? emptyDoc([])
      : (withoutEmptyProposals(yXmlFragmentToProseMirrorRootNode(fragment, reportSchema()).toJSON()) as DocJSON);
  return { doc, settings: readSettings(ydoc) };
}

/**
 * Writes a report into a Y.Doc, replacing what its fragment held, in one transaction
 * (`origin` tags it, so the server can tell its own writes from a client's).
 */
export function writeReportToYDoc(report: Report, ydoc: Y.Doc, origin: unknown = null): void {
  ydoc.transact(() => {
    const fragment = ydoc.getXmlFragment(REPORT_FIELD);
    if (fragment.length > 0) fragment.delete(0, fragment.length);
    prosemirrorJSONToYXmlFragment(reportSchema(), report.doc, fragment);
    const settings = ydoc.getMap(SETTINGS_FIELD);
    settings.set('subItemStyle', report.settings.subItemStyle);
    if (report.settings.meeting) settings.set('meeting', { ...report.settings.meeting });
  }, origin);
}

export function reportToYDoc(report: Report): Y.Doc {
  const ydoc = new Y.Doc();
  writeReportToYDoc(report, ydoc);
  return ydoc;
}

export function readSettings(ydoc: Y.Doc): ReportSettings {
  const map = ydoc.getMap(SETTINGS_FIELD);
  const style = map.get('subItemStyle');
  const meeting = readMeeting(map.get('meeting'));
  return {
    ...DEFAULT_SETTINGS,
    subItemStyle: isSubItemStyle(style) ? style : DEFAULT_SETTINGS.subItemStyle,
    ...(meeting ? { meeting } : {}),
  };
}

/** Only the known string fields of a meeting, whatever a client put there. */
export function readMeeting(value: unknown): MeetingInfo | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const meeting: MeetingInfo = {};
  for (const key of ['body', 'title', 'date', 'venue'] as const) {
    if (typeof record[key] === 'string' && record[key] !== '') meeting[key] = record[key] as string;
  }
  return Object.keys(meeting).length > 0 ? meeting : undefined;
}
