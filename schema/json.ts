import type { MarkName, NodeName } from './nodes/names';
import { DEFAULT_SUB_ITEM_STYLE, type SubItemStyle } from './numbering';

/** ProseMirror JSON, narrowed to what a report holds. */
export interface MarkJSON {
  type: MarkName;
  attrs?: Record<string, unknown>;
}

export interface NodeJSON {
  type: NodeName;
  attrs?: Record<string, unknown>;
  content?: NodeJSON[];
  text?: string;
  marks?: MarkJSON[];
}

export interface DocJSON extends NodeJSON {
  type: 'doc';
}

/** What the title block of an exported report says. Every field is optional. */
export interface MeetingInfo {
  /** The body that met, e.g. "Regional Conference on Migration". */
  body?: string;
  /** The meeting, e.g. "Liaison Officer Network to Combat Migrant Smuggling and Trafficking in Persons". */
  title?: string;
  /** The date, ISO `YYYY-MM-DD`. */
  date?: string;
  venue?: string;
}

/** Settings that belong to the report rather than to one node. */
export interface ReportSettings {
  /** The style new sub-item lists take. Default `a.`. */
  subItemStyle: SubItemStyle;
  /** The meeting the report is of, for title blocks and metadata. */
  meeting?: MeetingInfo;
}

export const DEFAULT_SETTINGS: ReportSettings = { subItemStyle: DEFAULT_SUB_ITEM_STYLE };

/** A whole report: the document and its settings. What importers produce and exporters take. */
export interface Report {
  doc: DocJSON;
  settings: ReportSettings;
}

/** What an importer returns: the report and what it had to change or leave out. */
export interface ImportResult {
  report: Report;
  warnings: string[];
}

/** The plain text of a node, marks dropped, paragraphs joined by a space. */
export function textOf(node: NodeJSON): string {
  if (node.type === 'text') return node.text ?? '';
  return (node.content ?? []).map(textOf).join(node.type === 'paragraph' || node.type === 'heading' ? '' : ' ');
}

/**
 * Drops `insertion: null` (an item that is not a proposal) from the JSON: most items are not, and a
 * report's JSON says only what is there, as it did before proposals existed.
 */
export function withoutEmptyProposals(node: NodeJSON): NodeJSON {
  const content = node.content?.map(withoutEmptyProposals);
  let attrs = node.attrs;
  if (attrs && 'insertion' in attrs && attrs.insertion == null) {
    const { insertion: _none, ...rest } = attrs;
    attrs = rest;
  }
  return { ...node, ...(attrs ? { attrs } : {}), ...(content ? { content } : {}) };
}
