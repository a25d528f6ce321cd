import type { DocJSON, NodeJSON } from '../json';
import { referenceTextsOf } from '../references/labels';
import type { CommentThread } from './threads';

/** Where a thread's words are now: the agreement or sub-item (id and reference label) holding them. */
export interface CommentAnchor {
  itemId: string | null;
  label: string;
}

/** Each anchored thread's first place in the document. A thread missing here is detached. */
export function commentAnchors(doc: DocJSON): Map<string, CommentAnchor> {
  const labels = referenceTextsOf(doc);
  const anchors = new Map<string, CommentAnchor>();
  const visit = (node: NodeJSON, owner: string | null): void => {
    const here =
      (node.type === 'agreement' || node.type === 'subItem') && typeof node.attrs?.id === 'string'
        ? node.attrs.id
        : owner;
    for (const mark of node.marks ?? []) {
      const thread = mark.type === 'comment' ? mark.attrs?.thread : undefined;
      if (typeof thread === 'string' && !anchors.has(thread))
        anchors.set(thread, { itemId: here, label: here ? (labels.get(here) ?? '') : 'preamble' });
    }
    for (const child of node.content ?? []) visit(child, here);
  };
  visit(doc, null);
  return anchors;
}

/** A thread as the API lists it. */
export interface ThreadSummary {
  id: string;
  itemId: string | null;
  label: string;
  quote: string;
  resolved: boolean;
  resolvedBy: { by: string; at: string } | null;
  detached: boolean;
  messages: { id: string; by: string; at: string; text: string }[];
}

/** Threads in the order of the words they are about (detached ones last), each with where it is now. */
export function summarizeThreads(doc: DocJSON, threads: readonly CommentThread[]): ThreadSummary[] {
  const anchors = commentAnchors(doc);
  const order = [...anchors.keys()];
  const summaries = threads.map((thread) => {
    const anchor = anchors.get(thread.id);
    return {
      id: thread.id,
      itemId: anchor ? anchor.itemId : thread.item,
      label: anchor ? anchor.label : thread.label,
      quote: thread.quote,
      resolved: thread.resolved !== null,
      resolvedBy: thread.resolved,
      detached: !anchor,
      messages: thread.messages.map(({ id, by, at, text }) => ({ id, by, at, text })),
    };
  });
  const rank = (summary: ThreadSummary) => {
    const index = order.indexOf(summary.id);
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  return summaries.sort((a, b) => rank(a) - rank(b));
}

/** The document with every comment anchor taken off (exports without comments, JSON). */
export function withoutCommentMarks<T extends NodeJSON>(node: T): T {
  const marks = node.marks?.filter((mark) => mark.type !== 'comment');
  const content = node.content?.map(withoutCommentMarks);
  const copy: T = { ...node };
  if (marks) {
    if (marks.length > 0) copy.marks = marks;
    else delete copy.marks;
  }
  if (content) copy.content = content;
  return copy;
}
