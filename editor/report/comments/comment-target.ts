import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import type * as Y from 'yjs';
import { MAX_QUOTE_CHARS, newThreadId, openThread } from '../../../schema/comments/threads';
import { referenceTexts } from '../../../schema/references/labels';
import { NODES } from '../labels-plugin';

/** What a new thread will be about: the selected words, and the agreement or sub-item holding them. */
export interface CommentTarget {
  from: number;
  to: number;
  quote: string;
  itemId: string | null;
  /** `4 (b)`, or `preamble`. */
  label: string;
}

/** Marks the editor sets on a comment's own transactions: the negotiation hook leaves them alone. */
export const COMMENT_META = 'accordComment';

/** The selection as a comment target, or null when nothing (or only space) is selected. */
export function commentTarget(state: EditorState): CommentTarget | null {
  const { from, to, empty } = state.selection;
  if (empty) return null;
  const quote = state.doc.textBetween(from, to, ' ', ' ').trim();
  if (quote === '') return null;
  const $from = state.doc.resolve(from);
  let item: PMNode | null = null;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type.name === 'subItem' || node.type.name === 'agreement') {
      item = node;
      break;
    }
  }
  const itemId = typeof item?.attrs.id === 'string' ? item.attrs.id : null;
  const label = itemId ? (referenceTexts(state.doc, NODES).get(itemId) ?? '') : 'preamble';
  return { from, to, quote: quote.slice(0, MAX_QUOTE_CHARS), itemId, label };
}

/**
 * Opens a thread: its record in the shared comments map, then the anchor on the words. Both travel to
 * everyone; the server checks `by` against this connection.
 */
export function postThread(editor: Editor, doc: Y.Doc, target: CommentTarget, by: string, text: string): string {
  const id = newThreadId();
  openThread(doc, { id, by, item: target.itemId, label: target.label, quote: target.quote, text });
  const mark = editor.schema.marks.comment!.create({ thread: id });
  const size = editor.state.doc.content.size;
  const from = Math.min(target.from, size);
  const to = Math.min(target.to, size);
  editor.view.dispatch(
    editor.state.tr.addMark(from, to, mark).setMeta(COMMENT_META, true).setMeta('addToHistory', false),
  );
  return id;
}

/** Where a thread's words are now, or null (detached). */
export function anchorRange(doc: PMNode, thread: string): { from: number; to: number } | null {
  let from = -1;
  let to = -1;
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    if (node.marks.some((mark) => mark.type.name === 'comment' && mark.attrs.thread === thread)) {
      if (from < 0) from = pos;
      to = pos + node.nodeSize;
    }
    return false;
  });
  return from < 0 ? null : { from, to };
}

/**
 * Each anchored thread's first place: the agreement or sub-item holding its words. Read from the live
 * document (no copy of it is made: this runs while delegations type in a long report).
 */
export function anchorsIn(doc: PMNode): Map<string, { itemId: string | null; label: string }> {
  const found = new Map<string, string | null>();
  let item: string | null = null;
  doc.descendants((node) => {
    if (node.type.name === 'agreement' || node.type.name === 'subItem')
      item = typeof node.attrs.id === 'string' ? node.attrs.id : null;
    else if (node.type.name === 'agreementList') item = null;
    if (!node.isText) return true;
    for (const mark of node.marks)
      if (mark.type.name === 'comment' && !found.has(mark.attrs.thread as string))
        found.set(mark.attrs.thread as string, item);
    return false;
  });
  if (found.size === 0) return new Map();
  const labels = referenceTexts(doc, NODES);
  return new Map(
    [...found].map(([thread, itemId]) => [thread, { itemId, label: itemId ? (labels.get(itemId) ?? '') : 'preamble' }]),
  );
}
