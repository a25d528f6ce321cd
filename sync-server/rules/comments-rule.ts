import * as Y from 'yjs';
import {
  COMMENTS_FIELD,
  commentTextProblem,
  isCommentMessage,
  isResolution,
  isThreadId,
  MAX_QUOTE_CHARS,
  MAX_REPLIES,
  THREAD_FIELDS,
} from '../../schema/comments/threads';
import { createdIn, withinComments } from './comment-anchors';
import type { Rule, RuleContext } from './context';
import { entryValue } from './new-items';

/**
 * Comment threads (schema/comments/threads.ts) are written in the authenticated delegation's name
 * only: a thread or message whose `by` is anyone else's is reverted, as is any change to another's
 * message. A thread's words stay as opened; only its resolution changes afterwards, by the delegation
 * that opened it or the secretariat. A message holds at most 10,000 characters, a thread 500 replies.
 * (Observers send nothing that is applied: the connection drops their updates.)
 */
export const commentsRule: Rule = (transaction, context) => {
  const root = transaction.doc.share.get(COMMENTS_FIELD) as Y.AbstractType<unknown> | undefined;
  if (!root) return null;
  let touched = false;
  for (const type of transaction.changed.keys()) {
    if (withinComments(type as Y.AbstractType<unknown>, transaction.doc)) {
      touched = true;
      break;
    }
  }
  if (!touched) return null;
  const checkedThreads = new Set<Y.Map<unknown>>();
  for (const item of context.created) {
    if (item.deleted) continue;
    const parent = item.parent as Y.AbstractType<unknown>;
    if (!withinComments(parent, transaction.doc)) continue;
    const problem = createdProblem(transaction, context, item, parent, root, checkedThreads);
    if (problem) return problem;
  }
  return deletedProblem(transaction, context, root);
};

function createdProblem(
  transaction: Y.Transaction,
  context: RuleContext,
  item: Y.Item,
  parent: Y.AbstractType<unknown>,
  root: Y.AbstractType<unknown>,
  checkedThreads: Set<Y.Map<unknown>>,
): string | null {
  if (parent === root) {
    if (!isThreadId(item.parentSub)) return 'a comment thread needs a valid id';
    if (!(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.Map))
      return 'a comment thread must be a map';
    if (item.left !== null) return 'a comment thread cannot be replaced';
    return newThreadProblem(item.content.type as Y.Map<unknown>, context, checkedThreads);
  }
  const thread = threadOf(parent, root);
  if (!thread) return 'content in comments a report does not have';
  const threadItem = thread._item!;
  if (parent === thread) {
    if (createdIn(transaction, threadItem)) return newThreadProblem(thread, context, checkedThreads);
    if (item.parentSub !== 'resolved') return "a comment's words cannot be changed once posted";
    const value = entryValue(item);
    if (value !== null && !(isResolution(value) && value.by === context.by))
      return 'a thread is resolved in your own name only';
    const opener = rawEntry(thread, 'by');
    if (context.role !== 'secretariat' && opener !== context.by)
      return 'only the secretariat or the delegation that opened a thread resolves or reopens it';
    return null;
  }
  // A message added to a thread's list.
  if (!(item.content instanceof Y.ContentAny)) return 'a comment must be plain data';
  for (const message of item.content.getContent()) {
    const problem = messageProblem(message, context);
    if (problem) return problem;
  }
  if ((parent as Y.Array<unknown>).length > MAX_REPLIES + 1) return `a thread may hold at most ${MAX_REPLIES} replies`;
  return null;
}

function newThreadProblem(thread: Y.Map<unknown>, context: RuleContext, checked: Set<Y.Map<unknown>>): string | null {
  if (checked.has(thread)) return null;
  checked.add(thread);
  for (const key of thread.keys())
    if (!(THREAD_FIELDS as readonly string[]).includes(key)) return `"${key.slice(0, 40)}" is not part of a thread`;
  if (thread.get('by') !== context.by) return "a comment can only be made in your own delegation's name";
  for (const key of ['at', 'label', 'quote'] as const) {
    if (typeof thread.get(key) !== 'string') return `a thread needs its ${key}`;
  }
  const item = thread.get('item');
  if (item !== undefined && (typeof item !== 'string' || item.length > 64)) return "a thread's item is malformed";
  if ((thread.get('quote') as string).length > MAX_QUOTE_CHARS) return 'the quoted words are too long';
  if ((thread.get('label') as string).length > 100) return "a thread's label is too long";
  if (thread.get('resolved') !== null && thread.get('resolved') !== undefined) return 'a new thread is open';
  const messages = thread.get('messages');
  if (!(messages instanceof Y.Array) || messages.length === 0) return 'a thread starts with a message';
  return null;
}

function messageProblem(message: unknown, context: RuleContext): string | null {
  if (!isCommentMessage(message)) return 'a comment needs an id, an author, a time and its text';
  if (message.by !== context.by) return "a comment can only be made in your own delegation's name";
  return commentTextProblem(message.text);
}

/** Deleted: one's own messages (the secretariat may take any off), a thread only with all its messages. */
function deletedProblem(
  transaction: Y.Transaction,
  context: RuleContext,
  root: Y.AbstractType<unknown>,
): string | null {
  let problem: string | null = null;
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (problem || !(struct instanceof Y.Item) || createdIn(transaction, struct)) return;
    const parent = struct.parent as Y.AbstractType<unknown>;
    if (!withinComments(parent, transaction.doc)) return;
    if (parent === root) {
      const thread = struct.content instanceof Y.ContentType ? (struct.content.type as Y.Map<unknown>) : null;
      if (context.role === 'secretariat' || !thread) return;
      const others = rawMessages(thread).some((message) => isCommentMessage(message) && message.by !== context.by);
      if (rawEntry(thread, 'by') !== context.by || others) problem = 'only your own comments can be deleted';
      return;
    }
    const thread = threadOf(parent, root);
    if (!thread) return;
    if (parent === thread) {
      // An overwritten resolution (checked as it was written), or the fields of a deleted thread.
      if (struct.parentSub !== 'resolved' && !thread._item?.deleted)
        problem = "a comment's words cannot be changed once posted";
      return;
    }
    if (context.role === 'secretariat' || !(struct.content instanceof Y.ContentAny)) return;
    for (const message of struct.content.getContent()) {
      if (isCommentMessage(message) && message.by !== context.by) problem = 'only your own comments can be deleted';
    }
  });
  return problem;
}

/** The thread map `type` is, or is inside (the root's direct child). */
function threadOf(type: Y.AbstractType<unknown>, root: Y.AbstractType<unknown>): Y.Map<unknown> | null {
  for (let current: Y.AbstractType<unknown> | null = type; current; ) {
    const parent: Y.AbstractType<unknown> | null = (current._item?.parent as Y.AbstractType<unknown> | null) ?? null;
    if (parent === root) return current instanceof Y.Map ? current : null;
    current = parent;
  }
  return null;
}

/** A map entry's value even when the map was deleted in this transaction. */
function rawEntry(map: Y.Map<unknown>, key: string): unknown {
  const item = map._map.get(key);
  return item ? item.content.getContent()[0] : undefined;
}

function rawMessages(thread: Y.Map<unknown>): unknown[] {
  const messages = rawEntry(thread, 'messages');
  if (!(messages instanceof Y.Array)) return [];
  const all: unknown[] = [];
  for (let item = messages._start; item; item = item.right) {
    if (item.content instanceof Y.ContentAny) all.push(...item.content.getContent());
  }
  return all;
}
