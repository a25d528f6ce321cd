import * as Y from 'yjs';

/**
 * Comment threads, kept in the report's Y.Doc beside the report itself: a Y.Map `comments` of thread
 * id → Y.Map with the fields below, its messages a Y.Array of plain objects. The words a thread is
 * about carry a `comment` mark with its id (marks/comment.ts). Comments change no text: they are
 * allowed on agreed agreements and on an approved report. Who wrote each one is checked by the server
 * (sync-server/rules/comments-rule.ts): `by` is always the authenticated delegation.
 */
export const COMMENTS_FIELD = 'comments';

/** A comment longer than this is refused (413 over HTTP, reverted over the wire). */
export const MAX_COMMENT_CHARS = 10_000;
/** Replies a thread may hold after its first message. */
export const MAX_REPLIES = 500;
/** How much of the commented words a thread keeps, to show once the words are gone. */
export const MAX_QUOTE_CHARS = 500;

export interface CommentMessage {
  id: string;
  /** The delegation (or `Secretariat`) of the connection that wrote it. */
  by: string;
  /** ISO time. */
  at: string;
  text: string;
}

export interface CommentThread {
  id: string;
  by: string;
  at: string;
  /** The agreement or sub-item it was opened on (by id), and its label then: where a detached thread was. */
  item: string | null;
  label: string;
  /** The words it was opened on, as they were. */
  quote: string;
  resolved: { by: string; at: string } | null;
  messages: CommentMessage[];
}

/** The fields of a thread's Y.Map, and which of them may change after it is opened. */
export const THREAD_FIELDS = ['by', 'at', 'item', 'label', 'quote', 'resolved', 'messages'] as const;

export function isThreadId(value: unknown): value is string {
  return typeof value === 'string' && /^c[a-z0-9]{6,40}$/.test(value);
}

function randomId(prefix: string): string {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return `${prefix}${Array.from(bytes, (byte) => byte.toString(36).padStart(2, '0')).join('')}`;
}

export const newThreadId = (): string => randomId('c');
export const newMessageId = (): string => randomId('m');

export function isCommentMessage(value: unknown): value is CommentMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    Object.keys(record).every((key) => key === 'id' || key === 'by' || key === 'at' || key === 'text') &&
    typeof record.id === 'string' &&
    record.id.length > 0 &&
    record.id.length <= 64 &&
    typeof record.by === 'string' &&
    record.by.length > 0 &&
    record.by.length <= 200 &&
    typeof record.at === 'string' &&
    record.at.length <= 40 &&
    typeof record.text === 'string'
  );
}

/** Why a message's text cannot be posted, or null. */
export function commentTextProblem(text: string): string | null {
  if (text.trim() === '') return 'a comment cannot be empty';
  if (text.length > MAX_COMMENT_CHARS)
    return `a comment may hold at most ${MAX_COMMENT_CHARS.toLocaleString('en')} characters (this one has ${text.length.toLocaleString('en')})`;
  return null;
}

export function isResolution(value: unknown): value is { by: string; at: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    Object.keys(record).every((key) => key === 'by' || key === 'at') &&
    typeof record.by === 'string' &&
    typeof record.at === 'string'
  );
}

export function commentsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(COMMENTS_FIELD);
}

/** One thread as data, or null when the map does not hold a well-formed one. */
export function readThread(id: string, map: unknown): CommentThread | null {
  if (!(map instanceof Y.Map)) return null;
  const messages = map.get('messages');
  const resolved = map.get('resolved');
  const text = (key: string) => {
    const value = map.get(key);
    return typeof value === 'string' ? value : '';
  };
  return {
    id,
    by: text('by'),
    at: text('at'),
    item: text('item') || null,
    label: text('label'),
    quote: text('quote'),
    resolved: isResolution(resolved) ? resolved : null,
    messages: messages instanceof Y.Array ? messages.toArray().filter(isCommentMessage) : [],
  };
}

/** Every thread, oldest first. */
export function readThreads(doc: Y.Doc): CommentThread[] {
  const threads: CommentThread[] = [];
  for (const [id, map] of commentsMap(doc).entries()) {
    const thread = readThread(id, map);
    if (thread) threads.push(thread);
  }
  return threads.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/** Opens a thread with its first message (the words get the mark separately, by the editor or the server). */
export function openThread(
  doc: Y.Doc,
  fields: { id: string; by: string; item: string | null; label: string; quote: string; text: string },
  origin: unknown = null,
  now = new Date(),
): void {
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    const at = now.toISOString();
    map.set('by', fields.by);
    map.set('at', at);
    if (fields.item) map.set('item', fields.item);
    map.set('label', fields.label);
    map.set('quote', fields.quote.slice(0, MAX_QUOTE_CHARS));
    map.set('resolved', null);
    const messages = new Y.Array<CommentMessage>();
    messages.push([{ id: newMessageId(), by: fields.by, at, text: fields.text }]);
    map.set('messages', messages);
    commentsMap(doc).set(fields.id, map);
  }, origin);
}

function threadMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  const map = commentsMap(doc).get(id);
  return map instanceof Y.Map ? map : null;
}

export function replyTo(
  doc: Y.Doc,
  id: string,
  by: string,
  text: string,
  origin: unknown = null,
  now = new Date(),
): void {
  const messages = threadMap(doc, id)?.get('messages');
  if (!(messages instanceof Y.Array)) throw new Error(`no comment thread ${id}`);
  doc.transact(() => messages.push([{ id: newMessageId(), by, at: now.toISOString(), text }]), origin);
}

export function setResolved(doc: Y.Doc, id: string, by: string | null, origin: unknown = null, now = new Date()): void {
  const map = threadMap(doc, id);
  if (!map) throw new Error(`no comment thread ${id}`);
  doc.transact(() => map.set('resolved', by ? { by, at: now.toISOString() } : null), origin);
}

/** Deletes one message; a thread left with no message is deleted with it. */
export function deleteMessage(doc: Y.Doc, id: string, messageId: string, origin: unknown = null): void {
  const map = threadMap(doc, id);
  const messages = map?.get('messages');
  if (!(messages instanceof Y.Array)) return;
  const index = messages.toArray().findIndex((message) => isCommentMessage(message) && message.id === messageId);
  if (index < 0) return;
  doc.transact(() => {
    messages.delete(index, 1);
    if (messages.length === 0) commentsMap(doc).delete(id);
  }, origin);
}
