import { TextSelection } from '@tiptap/pm/state';
import { newId } from '../ids';
import { itemAt, partsOf } from './item-context';
import { liftItem } from './lift-item';
import { emptyItem } from './rebuild';
import type { Command } from './types';

/**
 * Enter in an agreement or sub-item, as in a word processor's numbered list: at the end it starts the
 * next item (after the agreement's own sub-items); in the middle it splits the item; at the start of
 * its text it opens an empty item above; on an empty item it lifts it (a sub-item becomes an
 * agreement, an agreement a paragraph).
 */
export const splitItem: Command = (state, dispatch) => {
  const context = itemAt(state.selection.$from);
  if (!context || context.paragraphIndex < 0) return false;
  const { paragraphs, subList } = partsOf(context.item);
  const isEmpty = paragraphs.length === 1 && paragraphs[0]!.content.size === 0 && !subList;
  if (isEmpty && state.selection.empty) return liftItem(state, dispatch);
  if (!dispatch) return true;

  const tr = state.tr;
  if (!state.selection.empty) tr.deleteSelection();
  const $from = tr.selection.$from;
  const after = itemAt($from);
  if (!after || after.paragraphIndex < 0) return false;
  const paragraph = $from.parent;
  const atStart = $from.parentOffset === 0;
  const atEnd = $from.parentOffset === paragraph.content.size;
  const lastParagraph = after.paragraphIndex === partsOf(after.item).paragraphs.length - 1;

  if (atStart && !atEnd && after.paragraphIndex === 0) {
    tr.insert(after.pos, emptyItem(state.schema, after.kind));
  } else if (atEnd && lastParagraph) {
    const at = after.pos + after.item.nodeSize;
    tr.insert(at, emptyItem(state.schema, after.kind));
    tr.setSelection(TextSelection.create(tr.doc, at + 2));
  } else {
    tr.split($from.pos, 2, [
      { type: after.item.type, attrs: { id: newId() } },
      { type: state.schema.nodes.paragraph! },
    ]);
  }
  dispatch(tr.scrollIntoView());
  return true;
};

/** Shift-Enter: a new paragraph inside the same agreement or sub-item. */
export const newParagraphInItem: Command = (state, dispatch) => {
  const context = itemAt(state.selection.$from);
  if (!context || context.paragraphIndex < 0) return false;
  if (dispatch) {
    const tr = state.tr;
    if (!state.selection.empty) tr.deleteSelection();
    tr.split(tr.selection.$from.pos, 1);
    dispatch(tr.scrollIntoView());
  }
  return true;
};
