import * as Y from 'yjs';
import { isProposalAttributes } from '../../schema/marks/proposal-attributes';
import { NEGOTIATION_MARKS } from '../../schema/nodes/names';
import type { Rule, RuleContext } from './context';
import { entryValue } from './new-items';

/**
 * Proposals stand under the name of the delegation that made them, and in negotiation mode a
 * delegate's change must be a proposal. In every mode a delegate may not write an insertion,
 * deletion or bracket in another delegation's name. In negotiation mode a delegate may only:
 *  - add text marked as its own insertion (or inside an agreement or sub-item it proposed),
 *  - mark existing text as its own deletion, and bracket text,
 *  - change or remove text inside its own open insertions, withdraw its own deletions and brackets,
 *  - add and remove agreements and sub-items that are its own proposals.
 * Anything else — a plain edit, touching another delegation's proposal, accepting by hand — is
 * reverted for everyone like an edit of a locked agreement. The secretariat edits directly.
 */
export const negotiationRule: Rule = (transaction, context) => {
  if (context.role === 'secretariat') return null;
  const forged = forgedName(context);
  if (forged) return forged;
  if (context.mode !== 'negotiation') return null;
  return textProblem(transaction, context) ?? structureProblem(transaction, context);
};

const isNegotiationMark = (key: string) => (NEGOTIATION_MARKS as readonly string[]).includes(key);

/** A mark or proposed item that names someone else. */
function forgedName(context: RuleContext): string | null {
  for (const item of context.created) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat && isNegotiationMark(content.key) && content.value !== null) {
      if (!isProposalAttributes(content.value) || content.value.by !== context.by)
        return `a ${content.key === 'bracket' ? 'bracket' : 'proposal'} can only be made in your own delegation's name`;
    }
    if (item.parentSub === 'insertion' && item.parent instanceof Y.XmlElement) {
      const value = entryValue(item);
      if (value != null && (!isProposalAttributes(value) || value.by !== context.by))
        return "a proposal can only be made in your own delegation's name";
    }
  }
  return null;
}

type Attributes = Map<string, unknown>;

/** Walks every text the transaction touched, with each run's marks before and after it. */
function textProblem(transaction: Y.Transaction, context: RuleContext): string | null {
  const texts = new Set<Y.XmlText>();
  for (const type of transaction.changed.keys()) if (type instanceof Y.XmlText) texts.add(type);
  for (const item of context.created) if (item.parent instanceof Y.XmlText) texts.add(item.parent);
  for (const text of texts) {
    if (text._item?.deleted) continue; // Removed with its element: the structure check decides.
    const problem = textChangeProblem(transaction, text, context);
    if (problem) return problem;
  }
  return null;
}

function textChangeProblem(transaction: Y.Transaction, text: Y.XmlText, context: RuleContext): string | null {
  const own = (value: unknown) => isProposalAttributes(value) && value.by === context.by;
  const inOwnItem = ownProposedItem(text, context.by);
  const before: Attributes = new Map();
  const after: Attributes = new Map();
  for (let item = text._start; item !== null; item = item.right) {
    const added = item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
    const deletedNow = !added && item.deleted && Y.isDeleted(transaction.deleteSet, item.id);
    const wasVisible = !added && (!item.deleted || deletedNow);
    const isVisible = !item.deleted;
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (wasVisible) setAttribute(before, content.key, content.value);
      if (isVisible) setAttribute(after, content.key, content.value);
      continue;
    }
    if (!content.isCountable()) continue;
    if (added) {
      if (isVisible && !inOwnItem && !own(after.get('insertion')))
        return 'in negotiation, new text must be your own proposal (it was typed as a plain edit)';
    } else if (deletedNow) {
      if (!inOwnItem && !own(before.get('insertion')))
        return 'in negotiation, text can only be proposed for deletion, not deleted (unless it is your own proposal)';
    } else if (isVisible) {
      const problem = markChangeProblem(before, after, inOwnItem, own);
      if (problem) return problem;
    }
  }
  return null;
}

/** Why changing the marks of existing text from `before` to `after` is not the delegate's to do. */
function markChangeProblem(
  before: Attributes,
  after: Attributes,
  inOwnItem: boolean,
  own: (value: unknown) => boolean,
): string | null {
  const keys = new Set([...before.keys(), ...after.keys()]);
  for (const key of keys) {
    const was = before.get(key);
    const is = after.get(key);
    if (sameValue(was, is)) continue;
    // A comment anchor changes no words: anyone may comment in any mode.
    if (/^comment(--|$)/.test(key)) continue;
    if (key === 'deletion' || key === 'bracket') {
      // Adding one's own, or withdrawing one's own; never another's.
      if (was !== undefined && !own(was))
        return `that ${key === 'bracket' ? 'bracket' : 'proposal'} is another delegation's`;
      if (is !== undefined && !own(is)) return `a ${key} can only be made in your own delegation's name`;
      continue;
    }
    if (key === 'insertion') {
      if (was !== undefined && !own(was)) return "that proposal is another delegation's";
      if (was === undefined && !inOwnItem) return 'existing text cannot be turned into a proposal';
      if (is === undefined && !inOwnItem) return 'only the secretariat accepts proposals';
      continue;
    }
    // Formatting: only on one's own proposed words.
    if (!inOwnItem && !own(after.get('insertion')))
      return 'in negotiation, formatting can only change inside your own proposal';
  }
  return null;
}

/**
 * Elements added, removed or changed: only one's own proposed agreements and sub-items (and what is
 * inside them: their paragraphs and text, or a sub-item list holding only such sub-items).
 */
function structureProblem(transaction: Y.Transaction, context: RuleContext): string | null {
  for (const item of context.created) {
    if (item.deleted) continue;
    const parent = item.parent;
    if (parent instanceof Y.XmlText) continue;
    if (!(parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment)) continue;
    if (item.parentSub !== null) {
      if (!createdHere(transaction, parent) && !ownProposedItem(parent, context.by))
        return 'in negotiation, only your own proposed agreements and sub-items can be changed';
      continue;
    }
    if (!(item.content instanceof Y.ContentType)) continue;
    const child = item.content.type;
    if (ownProposedItem(child, context.by) || allOwnProposals(child, context.by)) continue;
    return 'in negotiation, a new agreement or sub-item is proposed with Enter (it was added as a plain edit)';
  }
  let problem: string | null = null;
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (problem || !(struct instanceof Y.Item)) return;
    if (struct.id.clock >= (transaction.beforeState.get(struct.id.client) ?? 0)) return; // Added and removed at once.
    if (struct.parent instanceof Y.XmlText || struct.parentSub !== null) return;
    if (!(struct.content instanceof Y.ContentType)) return;
    const removed = struct.content.type;
    if (ownProposedItem(removed, context.by, true) || allOwnProposals(removed, context.by, true)) return;
    problem = 'in negotiation, an agreement or sub-item can only be proposed for deletion (strike its text)';
  });
  return problem;
}

function createdHere(transaction: Y.Transaction, type: object): boolean {
  const item = (type as Y.AbstractType<unknown>)._item;
  return item !== null && item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
}

/** Whether `type` is, or is inside, an agreement or sub-item that `by` proposed. */
function ownProposedItem(type: object | null, by: string, includeDeleted = false): boolean {
  for (
    let current = type as Y.AbstractType<unknown> | null;
    current;
    current = (current._item?.parent as Y.AbstractType<unknown> | null) ?? null
  ) {
    if (!(current instanceof Y.XmlElement)) continue;
    if (current.nodeName !== 'agreement' && current.nodeName !== 'subItem') continue;
    const value = includeDeleted ? rawAttribute(current, 'insertion') : current.getAttribute('insertion');
    if (isProposalAttributes(value) && value.by === by) return true;
  }
  return false;
}

/** A sub-item list (new, or removed) whose every sub-item is the delegate's own proposal. */
function allOwnProposals(type: object, by: string, includeDeleted = false): boolean {
  if (!(type instanceof Y.XmlElement) || type.nodeName !== 'subItemList') return false;
  const children: object[] = [];
  for (let item = type._start; item !== null; item = item.right) {
    if ((includeDeleted || !item.deleted) && item.content instanceof Y.ContentType) children.push(item.content.type);
  }
  return children.every((child) => ownProposedItem(child, by, includeDeleted));
}

/** An attribute as it stood, even on an element this very transaction removed. */
function rawAttribute(element: Y.XmlElement, key: string): unknown {
  const item = element._map.get(key);
  if (!item || item.content instanceof Y.ContentDeleted) return undefined;
  return item.content.getContent().at(-1);
}

function setAttribute(attributes: Attributes, key: string, value: unknown): void {
  if (value === null || value === undefined) attributes.delete(key);
  else attributes.set(key, value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((key) => (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key])
  );
}
