import { anchorThread, findItemElement } from '../schema/comments/anchor-text';
import { summarizeThreads } from '../schema/comments/anchors';
import {
  commentsMap,
  commentTextProblem,
  deleteMessage,
  MAX_COMMENT_CHARS,
  MAX_REPLIES,
  newThreadId,
  openThread,
  readThread,
  readThreads,
  replyTo,
  setResolved,
} from '../schema/comments/threads';
import { yDocToReport } from '../schema/index';
import { referenceTextsOf } from '../schema/references/labels';
import { ANY_ROLE, actorOf, authorize, type Handler, HttpError, readJson, sendJson } from './api-support';
import { ORIGIN_SERVER, type Room } from './room';

/**
 * Comment threads over HTTP, for tools and scripts (the editor writes them through the document, where
 * the same checks apply: rules/comments-rule.ts). Every comment is written in the name of the token's
 * delegation; observers read only. Allowed on agreed agreements and on an approved report.
 */

const WRITERS = ['secretariat', 'delegate'] as const;

const listComments: Handler = async (context, request, response, url, [room]) => {
  await authorize(context, request, url, room!, ANY_ROLE);
  const threads = await context.hub.withRoom(room!, (live) =>
    summarizeThreads(yDocToReport(live.doc).doc, readThreads(live.doc)),
  );
  sendJson(response, 200, { threads });
};

/** 413 for a comment too long; 400 for an empty one. */
function checkedText(value: unknown): string {
  if (typeof value !== 'string') throw new HttpError(400, 'give the comment as {"text": "…"}');
  const problem = commentTextProblem(value);
  if (problem) throw new HttpError(value.length > MAX_COMMENT_CHARS ? 413 : 400, problem);
  return value;
}

function threadOrFail(live: Room, id: string) {
  const thread = readThread(id, commentsMap(live.doc).get(id));
  if (!thread) throw new HttpError(404, `no comment thread "${id.slice(0, 60)}" in this report`);
  return thread;
}

/** `{item, quote?, text}`: item by id or by reference (`4`, `4 (b)`). */
const createThread: Handler = async (context, request, response, url, [room]) => {
  const claims = await authorize(context, request, url, room!, [...WRITERS]);
  const body = await readJson(request);
  const text = checkedText(body.text);
  if (typeof body.item !== 'string' || body.item === '')
    throw new HttpError(400, 'give the agreement or sub-item as {"item": "4 (b)"} or its id');
  const quote = typeof body.quote === 'string' && body.quote !== '' ? body.quote : null;
  const by = actorOf(claims).name;
  const id = newThreadId();
  const thread = await context.hub.withRoom(room!, (live) => {
    const report = yDocToReport(live.doc);
    const labels = referenceTextsOf(report.doc);
    const itemId = labels.has(body.item as string)
      ? (body.item as string)
      : [...labels].find(([, label]) => label === (body.item as string).trim())?.[0];
    const element = itemId ? findItemElement(live.doc, itemId) : null;
    if (!itemId || !element)
      throw new HttpError(404, `no agreement or sub-item "${(body.item as string).slice(0, 60)}"`);
    let anchored: string | null = null;
    live.doc.transact(() => {
      anchored = anchorThread(element, id, quote);
      if (anchored === null) return;
      openThread(live.doc, { id, by, item: itemId, label: labels.get(itemId) ?? '', quote: anchored, text });
    }, ORIGIN_SERVER);
    if (anchored === null)
      throw new HttpError(
        400,
        quote ? `"${quote.slice(0, 60)}" is not in ${labels.get(itemId)}` : 'that item has no text',
      );
    return threadOrFail(live, id);
  });
  sendJson(response, 201, { thread });
};

const reply: Handler = async (context, request, response, url, [room, id]) => {
  const claims = await authorize(context, request, url, room!, [...WRITERS]);
  const text = checkedText((await readJson(request)).text);
  const thread = await context.hub.withRoom(room!, (live) => {
    const thread = threadOrFail(live, id!);
    if (thread.messages.length > MAX_REPLIES)
      throw new HttpError(413, `this thread already holds ${MAX_REPLIES} replies: open a new one`);
    replyTo(live.doc, id!, actorOf(claims).name, text, ORIGIN_SERVER);
    return threadOrFail(live, id!);
  });
  sendJson(response, 201, { thread });
};

const resolution =
  (resolved: boolean): Handler =>
  async (context, request, response, url, [room, id]) => {
    const claims = await authorize(context, request, url, room!, [...WRITERS]);
    const by = actorOf(claims).name;
    const thread = await context.hub.withRoom(room!, (live) => {
      const thread = threadOrFail(live, id!);
      if (claims.role !== 'secretariat' && thread.by !== by)
        throw new HttpError(403, 'only the secretariat or the delegation that opened a thread resolves or reopens it');
      setResolved(live.doc, id!, resolved ? by : null, ORIGIN_SERVER);
      return threadOrFail(live, id!);
    });
    sendJson(response, 200, { thread });
  };

const removeMessage: Handler = async (context, request, response, url, [room, id, messageId]) => {
  const claims = await authorize(context, request, url, room!, [...WRITERS]);
  const by = actorOf(claims).name;
  await context.hub.withRoom(room!, (live) => {
    const thread = threadOrFail(live, id!);
    const message = thread.messages.find((candidate) => candidate.id === messageId);
    if (!message) throw new HttpError(404, `no message "${messageId!.slice(0, 60)}" in this thread`);
    if (claims.role !== 'secretariat' && message.by !== by)
      throw new HttpError(403, 'only your own comments can be deleted');
    deleteMessage(live.doc, id!, messageId!, ORIGIN_SERVER);
  });
  response.writeHead(204).end();
};

export const COMMENT_ROUTES: { method: string; path: RegExp; handler: Handler }[] = [
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/comments$/, handler: listComments },
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/comments$/, handler: createThread },
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/comments\/([^/]+)\/replies$/, handler: reply },
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/comments\/([^/]+)\/resolve$/, handler: resolution(true) },
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/comments\/([^/]+)\/reopen$/, handler: resolution(false) },
  { method: 'DELETE', path: /^\/api\/rooms\/([^/]+)\/comments\/([^/]+)\/messages\/([^/]+)$/, handler: removeMessage },
];
