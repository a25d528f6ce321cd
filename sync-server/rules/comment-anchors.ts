import * as Y from 'yjs';
import { COMMENTS_FIELD } from '../../schema/comments/threads';
import type { RuleContext } from './context';

/** A formatting item of a comment anchor (`comment`, or `comment--hash` for overlapping threads). */
export function isCommentFormat(item: Y.Item): boolean {
  return item.content instanceof Y.ContentFormat && /^comment(--|$)/.test(item.content.key);
}

/** Whether `type` is the comments map or inside it. */
export function withinComments(type: Y.AbstractType<unknown> | null, doc: Y.Doc): boolean {
  const root = doc.share.get(COMMENTS_FIELD) as Y.AbstractType<unknown> | undefined;
  if (!root) return false;
  for (let current = type; current; current = (current._item?.parent as Y.AbstractType<unknown> | null) ?? null) {
    if (current === root) return true;
  }
  return false;
}

/** Whether the item was written by this transaction (rather than existing before it). */
export function createdIn(transaction: Y.Transaction, item: Y.Item): boolean {
  return item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
}

/**
 * Whether everything the transaction wrote or deleted in the types `inScope` accepts is a comment
 * anchor being added or taken off: a change that leaves every word, attribute and element as it was.
 * Comments are allowed where text is locked (an agreed agreement, an approved report).
 */
export function onlyCommentAnchors(
  transaction: Y.Transaction,
  context: RuleContext,
  inScope: (type: Y.AbstractType<unknown>) => boolean,
): boolean {
  for (const item of context.created) {
    if (inScope(item.parent as Y.AbstractType<unknown>) && !isCommentFormat(item)) return false;
  }
  let only = true;
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!only || !(struct instanceof Y.Item) || createdIn(transaction, struct)) return;
    if (inScope(struct.parent as Y.AbstractType<unknown>) && !isCommentFormat(struct)) only = false;
  });
  return only;
}
