import * as Y from 'yjs';
import { REPORT_FIELD } from '../../schema/index';
import { isProposalAttributes } from '../../schema/marks/proposal-attributes';

/**
 * The secretariat's decisions, applied to the room's Y.Doc as one server change (the caller runs it in
 * a transaction with the server's origin, so everyone receives it like an edit and no rule reverts it).
 *
 *  accept an insertion: its words lose the mark, a proposed item becomes an ordinary one (renumbering);
 *  reject an insertion: its words and proposed items are removed;
 *  accept a deletion: its words are removed (an item left with no words at all goes with them);
 *  reject a deletion: its words lose the strike;
 *  resolve a bracket: the brackets are lifted, keeping the words or removing them.
 */
export type Decision = 'accept' | 'reject';

interface Run {
  text: Y.XmlText;
  index: number;
  length: number;
}

/** What a proposal or bracket with this id touches in the document now. */
interface Found {
  runs: Map<string, Run[]>;
  items: Y.XmlElement[];
}

function find(doc: Y.Doc, id: string): Found {
  const runs = new Map<string, Run[]>();
  const items: Y.XmlElement[] = [];
  const visitText = (text: Y.XmlText): void => {
    let index = 0;
    for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      for (const [key, value] of Object.entries(op.attributes ?? {})) {
        if (isProposalAttributes(value) && value.id === id) {
          const list = runs.get(key) ?? [];
          list.push({ text, index, length });
          runs.set(key, list);
        }
      }
      index += length;
    }
  };
  const visit = (node: Y.XmlElement | Y.XmlFragment): void => {
    if (node instanceof Y.XmlElement && (node.nodeName === 'agreement' || node.nodeName === 'subItem')) {
      const value = node.getAttribute('insertion') as unknown;
      if (isProposalAttributes(value) && value.id === id) items.push(node);
    }
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) visitText(child);
      else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment(REPORT_FIELD));
  return { runs, items };
}

/** Applies the secretariat's decision on a proposal. Returns false when there is no such proposal. */
export function decideProposal(doc: Y.Doc, id: string, decision: Decision): boolean {
  const found = find(doc, id);
  const inserted = found.runs.get('insertion') ?? [];
  const deleted = found.runs.get('deletion') ?? [];
  if (inserted.length === 0 && deleted.length === 0 && found.items.length === 0) return false;
  if (decision === 'accept') {
    unmark(inserted, 'insertion');
    for (const item of found.items) item.removeAttribute('insertion');
    const touched = removeRuns(deleted);
    removeEmptiedItems(touched);
  } else {
    removeRuns(inserted);
    for (const item of found.items) removeElement(item);
    unmark(deleted, 'deletion');
  }
  return true;
}

/** Lifts a bracket: keeps its words (`keep`) or removes them. False when there is no such bracket. */
export function resolveBracket(doc: Y.Doc, id: string, keep: boolean): boolean {
  const runs = find(doc, id).runs.get('bracket') ?? [];
  if (runs.length === 0) return false;
  if (keep) unmark(runs, 'bracket');
  else removeEmptiedItems(removeRuns(runs));
  return true;
}

function unmark(runs: Run[], key: string): void {
  for (const run of runs) run.text.format(run.index, run.length, { [key]: null });
}

/** Deletes runs right to left, so earlier indexes stay true. Returns the texts it changed. */
function removeRuns(runs: Run[]): Set<Y.XmlText> {
  const touched = new Set<Y.XmlText>();
  for (const run of [...runs].sort((a, b) => b.index - a.index)) {
    run.text.delete(run.index, run.length);
    touched.add(run.text);
  }
  return touched;
}

/**
 * An agreement or sub-item whose every paragraph is now empty, because its words were accepted for
 * deletion, is removed too: the proposal was to delete it.
 */
function removeEmptiedItems(texts: Set<Y.XmlText>): void {
  const items = new Set<Y.XmlElement>();
  for (const text of texts) {
    const item = itemOf(text);
    if (item) items.add(item);
  }
  for (const item of items) if (item.parent && isEmptyItem(item)) removeElement(item);
}

function itemOf(type: Y.XmlText): Y.XmlElement | null {
  for (let current: Y.AbstractType<unknown> | null = type.parent; current; current = current.parent) {
    if (current instanceof Y.XmlElement && (current.nodeName === 'agreement' || current.nodeName === 'subItem'))
      return current;
  }
  return null;
}

function isEmptyItem(item: Y.XmlElement): boolean {
  return item.toArray().every((child) => {
    if (!(child instanceof Y.XmlElement)) return true;
    if (child.nodeName === 'paragraph') return child.toArray().every((text) => text.toString() === '');
    if (child.nodeName === 'subItemList') return child.length === 0;
    return false;
  });
}

/** Removes an element; a sub-item list or agreement list left empty goes too (the schema wants one item). */
function removeElement(element: Y.XmlElement): void {
  const parent = element.parent;
  if (!(parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment)) return;
  const index = parent.toArray().indexOf(element);
  if (index < 0) return;
  parent.delete(index, 1);
  if (parent instanceof Y.XmlElement && parent.length === 0) removeElement(parent);
}
