import { TextSelection, type Transaction } from '@tiptap/pm/state';
import { childrenOf, type ItemContext, itemAt, partsOf } from './item-context';
import { buildItem, replaceAgreements, restoreCursor } from './rebuild';
import { subItemStyleOf } from './style';
import type { Command } from './types';

/**
 * Shift-Tab: a sub-item becomes the agreement right after its own, taking the sub-items that followed
 * it as its sub-items (as Word outdents). An agreement becomes plain paragraphs between two lists,
 * and its sub-items become the agreements that follow.
 */
export const liftItem: Command = (state, dispatch) => {
  const context = itemAt(state.selection.$from);
  if (!context) return false;
  if (context.kind === 'subItem' && !context.agreement) return false;
  if (!dispatch) return true;
  const tr = state.tr;
  if (context.kind === 'subItem') liftSubItem(tr, context);
  else liftAgreement(tr, context);
  const offset = state.selection.$from.parentOffset;
  if (context.kind === 'subItem') restoreCursor(tr, context.item.attrs.id, context.paragraphIndex, offset);
  dispatch(tr.scrollIntoView());
  return true;
};

function liftSubItem(tr: Transaction, context: ItemContext): void {
  const schema = tr.doc.type.schema;
  const agreement = context.agreement!;
  const { paragraphs: agreementParagraphs } = partsOf(agreement.item);
  const style = subItemStyleOf(context.list);
  const subs = childrenOf(context.list);
  const before = subs.slice(0, context.index);
  const after = subs.slice(context.index + 1);
  const { paragraphs } = partsOf(context.item);
  const kept = buildItem(schema, 'agreement', agreement.item.attrs.id, agreementParagraphs, before, style);
  const lifted = buildItem(schema, 'agreement', context.item.attrs.id, paragraphs, after, style);
  replaceAgreements(tr, agreement.listPos, agreement.index, agreement.index + 1, { left: [kept, lifted] });
}

function liftAgreement(tr: Transaction, context: ItemContext): void {
  const schema = tr.doc.type.schema;
  const { paragraphs, subList } = partsOf(context.item);
  const promoted = childrenOf(subList).map((sub) =>
    buildItem(schema, 'agreement', sub.attrs.id, partsOf(sub).paragraphs),
  );
  const offset = tr.selection.$from.parentOffset;
  replaceAgreements(tr, context.listPos, context.index, context.index + 1, { middle: paragraphs, right: promoted });
  // The paragraphs have no id to find them by: they start where the agreement started.
  let pos = context.listPos + (context.index > 0 ? tr.doc.nodeAt(context.listPos)!.nodeSize : 0);
  for (let i = 0; i < Math.max(0, context.paragraphIndex); i++) pos += paragraphs[i]!.nodeSize;
  tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(pos + 1 + offset, tr.doc.content.size))));
}

/** Backspace at the very start of an agreement or sub-item lifts it, as a word processor removes the number first. */
export const liftAtStart: Command = (state, dispatch) => {
  const { selection } = state;
  if (!selection.empty || selection.$from.parentOffset !== 0) return false;
  const context = itemAt(selection.$from);
  if (context?.paragraphIndex !== 0) return false;
  return liftItem(state, dispatch);
};
