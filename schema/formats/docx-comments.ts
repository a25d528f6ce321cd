import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  type ICommentOptions,
  type ICommentsOptions,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from 'docx';
import type { ThreadSummary } from '../comments/anchors';
import type { NodeJSON } from '../json';

/**
 * Comment threads as Word comments: each thread's range runs from the first to the last run of the
 * words it is about (across paragraphs if need be), its first message is the comment and every reply
 * a threaded reply (`parentId`), each under its own author — the delegation that wrote it — so Word's
 * Review pane shows who said what. A resolved thread is marked done. A detached thread (its words were
 * deleted) has nothing to hang on and is left out; the HTML export lists it.
 */
export class WordComments {
  private readonly first = new Map<NodeJSON, string[]>();
  private readonly last = new Map<NodeJSON, string[]>();
  private readonly ids = new Map<string, number>();
  private readonly threads: ThreadSummary[];

  constructor(doc: NodeJSON, threads: readonly ThreadSummary[]) {
    const wanted = new Set(threads.filter((thread) => !thread.detached).map((thread) => thread.id));
    const firstOf = new Map<string, NodeJSON>();
    const lastOf = new Map<string, NodeJSON>();
    const visit = (node: NodeJSON): void => {
      for (const mark of node.marks ?? []) {
        const thread = mark.type === 'comment' ? mark.attrs?.thread : undefined;
        if (typeof thread !== 'string' || !wanted.has(thread)) continue;
        if (!firstOf.has(thread)) firstOf.set(thread, node);
        lastOf.set(thread, node);
      }
      for (const child of node.content ?? []) visit(child);
    };
    visit(doc);
    this.threads = threads.filter((thread) => firstOf.has(thread.id));
    let next = 0;
    for (const thread of this.threads) {
      this.ids.set(thread.id, next);
      next += Math.max(thread.messages.length, 1);
      push(this.first, firstOf.get(thread.id)!, thread.id);
      push(this.last, lastOf.get(thread.id)!, thread.id);
    }
  }

  /** What goes before a run: the start of every range that begins on it. */
  before(node: NodeJSON): ParagraphChild[] {
    return (this.first.get(node) ?? []).map((thread) => new CommentRangeStart(this.ids.get(thread)!));
  }

  /** What goes after a run: the end of every range that ends on it, and the comment's mark in the text. */
  after(node: NodeJSON): ParagraphChild[] {
    return (this.last.get(node) ?? []).flatMap((thread) => {
      const id = this.ids.get(thread)!;
      return [new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })];
    });
  }

  /** The comments part of the document, or undefined when no thread is anchored. */
  options(): ICommentsOptions | undefined {
    if (this.threads.length === 0) return undefined;
    const children: ICommentOptions[] = [];
    for (const thread of this.threads) {
      const root = this.ids.get(thread.id)!;
      thread.messages.forEach((message, index) => {
        const date = new Date(message.at);
        children.push({
          id: root + index,
          author: message.by,
          initials: initials(message.by),
          ...(Number.isNaN(date.getTime()) ? {} : { date }),
          ...(index > 0 ? { parentId: root } : {}),
          ...(index === 0 && thread.resolved ? { resolved: true } : {}),
          children: message.text.split(/\r?\n/).map((line) => new Paragraph({ children: [new TextRun(line)] })),
        });
      });
    }
    return { children };
  }
}

function push(map: Map<NodeJSON, string[]>, node: NodeJSON, thread: string): void {
  const list = map.get(node);
  if (list) list.push(thread);
  else map.set(node, [thread]);
}

/** `El Salvador` → `ES`: what Word shows in a comment's balloon. */
function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => word[0]!.toUpperCase())
      .join('')
      .slice(0, 4) || '?'
  );
}
