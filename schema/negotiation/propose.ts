import type { Mark, Node as PMNode, Schema } from '@tiptap/pm/model';
import { Fragment, type Slice } from '@tiptap/pm/model';
import { type EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { AddMarkStep, RemoveMarkStep, ReplaceStep } from '@tiptap/pm/transform';
import { itemAt, partsOf } from '../commands/item-context';
import { newId } from '../ids';
import { isProposalAttributes, newProposalId, type ProposalAttributes } from '../marks/proposal-attributes';

/**
 * Negotiation mode in the editor: a user's change, turned into the same change as a proposal under
 * their delegation's name, before it is applied — what the server's negotiation rule will accept.
 *
 *  - typed or pasted words carry the delegation's `insertion` mark (continuing the proposal they are
 *    typed into, so a sentence typed in one go is one proposal);
 *  - deleted words stay, struck through with a `deletion` mark — except the delegation's own proposed
 *    words, which simply go (one may change one's own proposal);
 *  - a selection typed over is struck, the new words come after it (as Word's track changes do);
 *  - brackets pass as they are; anything else (formatting another's text, Tab's moves) is refused.
 *
 * Written for ProseMirror's steps rather than taken from @handlewithcare/prosemirror-suggest-changes:
 * that library's marks carry a numeric id and nothing else (no delegation, no time), puts its marks
 * on block nodes (which our Yjs binding stores differently and our server would have to learn), and
 * would still need a server that enforces the same rules; one small function both sides agree on is
 * easier to keep right.
 */
export type ProposalOutcome = { transaction: Transaction } | { refused: string } | null;

export const PROPOSAL_META = 'accordProposal';

export function proposalFor(tr: Transaction, state: EditorState, by: string, now = new Date()): ProposalOutcome {
  if (!tr.docChanged) return null;
  const steps = tr.steps;
  if (steps.every((step) => isBracketStep(step))) return null;
  if (steps.length !== 1 || !(steps[0] instanceof ReplaceStep))
    return {
      refused:
        'in negotiation this change cannot be made as a proposal: type, delete or paste words, or propose a new agreement with Enter',
    };
  const step = steps[0] as ReplaceStep & { from: number; to: number; slice: Slice };
  const schema = state.schema;
  const at = now.toISOString();
  const out = state.tr;
  const { from, to } = step;

  // 1. What was removed: struck as one's own deletion, or gone if it was one's own proposed words.
  const deletion = deletionAttrs(state.doc, from, to, by) ?? { id: newProposalId(), by, at };
  const removals: [number, number][] = [];
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isText) return true;
    const start = Math.max(from, pos);
    const end = Math.min(to, pos + node.nodeSize);
    if (start >= end) return false;
    if (isOwn(insertionOf(node.marks), by) || insideOwnItem(state.doc, start, by)) removals.push([start, end]);
    else if (!node.marks.some((mark) => mark.type.name === 'deletion'))
      out.addMark(start, end, schema.marks.deletion!.create(deletion));
    return false;
  });
  for (const [start, end] of removals.reverse()) out.delete(start, end);

  // 2. What was added: the words alone (a pasted structure becomes its words), as one's own insertion.
  const words = inlineWords(step.slice.content, schema);
  let cursor = out.mapping.map(state.selection.head === to && from !== to ? from : to, -1);
  // Words go where text may stand: after what was struck, or where the change began.
  const insertAt = [out.mapping.map(to), out.mapping.map(from, -1)].find(
    (pos) => out.doc.resolve(pos).parent.inlineContent,
  );
  if (words.length > 0 && insertAt === undefined)
    return { refused: 'in negotiation, words can only be proposed inside an agreement, sub-item or paragraph' };
  if (words.length > 0 && insertAt !== undefined) {
    const attrs = insertionAttrs(out.doc, insertAt, by) ?? { id: newProposalId(), by, at };
    const mark = schema.marks.insertion!.create(attrs);
    const content = words.map((node) => node.mark(mark.addToSet(withoutProposals(node.marks))));
    out.insert(insertAt, Fragment.from(content));
    cursor = insertAt + content.reduce((size, node) => size + node.nodeSize, 0);
  }
  if (!out.docChanged) return { transaction: out.setMeta(PROPOSAL_META, true) };
  out.setSelection(TextSelection.create(out.doc, Math.min(cursor, out.doc.content.size)));
  out.setMeta(PROPOSAL_META, true);
  out.scrollIntoView();
  return { transaction: out };
}

/** Enter in negotiation: a proposed agreement (or sub-item) after the one the cursor is in. */
export function proposeItem(state: EditorState, by: string, now = new Date()): Transaction | null {
  const context = itemAt(state.selection.$from);
  if (!context) return null;
  const schema = state.schema;
  const insertion: ProposalAttributes = { id: newProposalId(), by, at: now.toISOString() };
  // Inside one's own proposed agreement, Enter proposes another, with a proposal id of its own.
  const item = schema.nodes[context.kind]!.create({ id: newId(), insertion }, schema.nodes.paragraph!.create());
  const at = context.pos + context.item.nodeSize;
  const tr = state.tr.insert(at, item);
  tr.setSelection(TextSelection.create(tr.doc, at + 2));
  tr.setMeta(PROPOSAL_META, true);
  return tr.scrollIntoView();
}

/**
 * Tab and Shift-Tab in negotiation: moving an agreement under the one above it (a sub-item) or a
 * sub-item out to an agreement of its own, proposed as one proposal with two parts sharing one id —
 * the item's words struck where they are, and the same words proposed where they would go. Accepted,
 * the struck item goes (its words were all deleted) and the proposed one stays; rejected, nothing moved.
 * Returns the transaction, or the reason it cannot be proposed.
 */
export function proposeMove(
  state: EditorState,
  by: string,
  direction: 'sink' | 'lift',
  subItemStyle: string,
  now = new Date(),
): Transaction | string {
  const context = itemAt(state.selection.$from);
  if (!context) return 'put the cursor in an agreement or sub-item to move it';
  if (proposedAttrs(context.item))
    return 'a proposed item is not moved: withdraw it and propose it again where it belongs';
  const { paragraphs, subList } = partsOf(context.item);
  if (subList && subList.childCount > 0)
    return 'an agreement with sub-items cannot be moved as a proposal: propose the new wording with Enter';
  const schema = state.schema;
  const attrs: ProposalAttributes = { id: newProposalId(), by, at: now.toISOString() };
  const insertion = schema.marks.insertion!.create(attrs);
  const deletion = schema.marks.deletion!.create(attrs);
  // The adopted words, proposed where they would go (others' proposals stay where they are).
  const isProposal = (node: PMNode) =>
    node.marks.some((mark) => mark.type.name === 'deletion' || mark.type.name === 'insertion');
  const copies = paragraphs.map((paragraph) => {
    const words: PMNode[] = [];
    paragraph.forEach((node) => {
      if (node.isText && !isProposal(node)) words.push(node.mark(insertion.addToSet(node.marks)));
    });
    return schema.nodes.paragraph!.create(null, words);
  });
  const moved = (kind: 'agreement' | 'subItem') =>
    schema.nodes[kind]!.create({ id: newId(), insertion: attrs }, copies.length > 0 ? copies : undefined);
  const tr = state.tr;
  let target: number;
  if (direction === 'sink') {
    if (context.kind !== 'agreement') return 'a report has two levels: a sub-item cannot go deeper';
    if (context.index === 0) return 'the first agreement has no agreement above it to go under';
    const above = context.list.child(context.index - 1);
    const aboveEnd = context.pos; // The agreement above ends where this one starts.
    const aboveList = partsOf(above).subList;
    if (aboveList) {
      target = aboveEnd - 2; // Inside the list, after its last sub-item.
      tr.insert(target, moved('subItem'));
    } else {
      target = aboveEnd - 1; // Inside the agreement above, after its paragraphs.
      tr.insert(target, schema.nodes.subItemList!.create({ style: subItemStyle }, moved('subItem')));
      target += 1;
    }
  } else {
    if (context.kind !== 'subItem' || !context.agreement)
      return 'an agreement is already at the top level: Shift-Tab moves sub-items out';
    target = context.agreement.pos + context.agreement.item.nodeSize;
    tr.insert(target, moved('agreement'));
  }
  // Strike the adopted words where they are; one's own proposed words there simply go.
  const from = tr.mapping.map(context.pos);
  const to = tr.mapping.map(context.pos + context.item.nodeSize);
  const own: [number, number][] = [];
  tr.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isText) return true;
    if (!isProposal(node)) tr.addMark(pos, pos + node.nodeSize, deletion);
    else if (isOwn(insertionOf(node.marks), by)) own.push([pos, pos + node.nodeSize]);
    return false;
  });
  for (const [start, end] of own.reverse()) tr.delete(start, end);
  tr.setSelection(TextSelection.near(tr.doc.resolve(target + 2)));
  tr.setMeta(PROPOSAL_META, true);
  return tr.scrollIntoView();
}

function isBracketStep(step: unknown): boolean {
  return (
    (step instanceof AddMarkStep || step instanceof RemoveMarkStep) &&
    (step as AddMarkStep & { mark: Mark }).mark.type.name === 'bracket'
  );
}

function insertionOf(marks: readonly Mark[]): ProposalAttributes | null {
  const mark = marks.find((candidate) => candidate.type.name === 'insertion');
  return mark && isProposalAttributes(mark.attrs) ? mark.attrs : null;
}

function isOwn(attrs: ProposalAttributes | null, by: string): boolean {
  return attrs !== null && attrs.by === by;
}

function proposedAttrs(node: PMNode): ProposalAttributes | null {
  const value = node.attrs.insertion as unknown;
  return isProposalAttributes(value) ? value : null;
}

/** The agreement or sub-item around `pos` that this delegation proposed, if any. */
function ownItemAt(doc: PMNode, pos: number, by: string): ProposalAttributes | null {
  const $pos = doc.resolve(pos);
  for (let depth = $pos.depth; depth > 0; depth--) {
    const attrs = proposedAttrs($pos.node(depth));
    if (attrs && attrs.by === by) return attrs;
  }
  return null;
}

function insideOwnItem(doc: PMNode, pos: number, by: string): boolean {
  return ownItemAt(doc, pos, by) !== null;
}

/**
 * The insertion new words continue: one's own proposed words just before or after them, else the
 * proposed item they are typed into (accepted with it), else none (a new proposal).
 */
function insertionAttrs(doc: PMNode, pos: number, by: string): ProposalAttributes | null {
  const $pos = doc.resolve(pos);
  for (const node of [$pos.nodeBefore, $pos.nodeAfter]) {
    const attrs = node?.isText ? insertionOf(node.marks) : null;
    if (attrs && attrs.by === by) return attrs;
  }
  return ownItemAt(doc, pos, by);
}

/** A deletion continues one's own strike just before or after the range (Backspace held down). */
function deletionAttrs(doc: PMNode, from: number, to: number, by: string): ProposalAttributes | null {
  for (const [pos, side] of [
    [from, 'before'],
    [to, 'after'],
  ] as const) {
    const $pos = doc.resolve(pos);
    const node = side === 'before' ? $pos.nodeBefore : $pos.nodeAfter;
    const mark = node?.isText ? node.marks.find((candidate) => candidate.type.name === 'deletion') : undefined;
    if (mark && isProposalAttributes(mark.attrs) && mark.attrs.by === by) return mark.attrs;
  }
  return null;
}

function withoutProposals(marks: readonly Mark[]): readonly Mark[] {
  return marks.filter((mark) => mark.type.name !== 'insertion' && mark.type.name !== 'deletion');
}

/** The inline nodes of a slice's content; paragraphs joined by a space. */
function inlineWords(content: Fragment, schema: Schema): PMNode[] {
  const words: PMNode[] = [];
  let blocks = 0;
  content.descendants((node) => {
    if (node.isTextblock) {
      if (blocks > 0 && node.content.size > 0) words.push(schema.text(' '));
      blocks += 1;
      return true;
    }
    if (node.isText) words.push(node);
    return !node.isLeaf;
  });
  return words;
}
