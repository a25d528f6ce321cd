import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { doc as emptyDoc } from './build';
import { reportSchema } from './extensions';
import { DEFAULT_SETTINGS, type DocJSON, type Report, type ReportSettings } from './json';
import { REPORT_FIELD } from './nodes/names';
import { isSubItemStyle } from './numbering';

/** The Y.Map holding the report's settings beside the `report` fragment. */
export const SETTINGS_FIELD = 'settings';

/**
 * Reads the report out of a Y.Doc with the binding TipTap's Collaboration extension uses, so the
 * server and CLI see exactly what the editors show. An empty fragment is an empty report.
 */
export function yDocToReport(ydoc: Y.Doc): Report {
  const fragment = ydoc.getXmlFragment(REPORT_FIELD);
  const doc =
    fragment.length === 0
      ? emptyDoc([])
      : (yXmlFragmentToProseMirrorRootNode(fragment, reportSchema()).toJSON() as DocJSON);
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
  }, origin);
}

export function reportToYDoc(report: Report): Y.Doc {
  const ydoc = new Y.Doc();
  writeReportToYDoc(report, ydoc);
  return ydoc;
}

export function readSettings(ydoc: Y.Doc): ReportSettings {
  const style = ydoc.getMap(SETTINGS_FIELD).get('subItemStyle');
  return { ...DEFAULT_SETTINGS, subItemStyle: isSubItemStyle(style) ? style : DEFAULT_SETTINGS.subItemStyle };
}
