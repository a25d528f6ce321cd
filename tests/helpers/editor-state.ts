import { EditorState, TextSelection } from '@tiptap/pm/state';
import { type Command, type DocJSON, exportText, importText, reportSchema, uniqueIdsPlugin } from '../../schema/index';

const CURSOR = '|';

/**
 * A tiny doc builder: the report's own text layout with `|` where the cursor is.
 * `state('1. one\n2. tw|o')` is a two-agreement list with the cursor inside "two".
 */
export function state(layout: string): EditorState {
  const { report } = importText(layout);
  const schema = reportSchema();
  const doc = schema.nodeFromJSON(report.doc);
  let cursor: number | null = null;
  doc.descendants((node, pos) => {
    if (cursor !== null || !node.isText) return cursor === null;
    const at = node.text!.indexOf(CURSOR);
    if (at >= 0) cursor = pos + at;
    return false;
  });
  if (cursor === null) throw new Error(`no ${CURSOR} in ${JSON.stringify(layout)}`);
  const withoutMarker = EditorState.create({ schema, doc, plugins: [uniqueIdsPlugin()] });
  const tr = withoutMarker.tr.delete(cursor, cursor + 1);
  tr.setSelection(TextSelection.create(tr.doc, cursor));
  return withoutMarker.apply(tr);
}

/** The layout of a state, with `|` at the cursor: what a test compares. */
export function layout(current: EditorState): string {
  const marked = current.apply(current.tr.insertText(CURSOR, current.selection.from));
  return exportText({ doc: marked.doc.toJSON() as DocJSON, settings: { subItemStyle: 'a.' } }).trimEnd();
}

/** Runs a command; returns the new layout, or null when the command refused. */
export function run(command: Command, before: string): string | null {
  let current = state(before);
  const done = command(current, (tr) => {
    current = current.apply(tr);
  });
  return done ? layout(current) : null;
}
