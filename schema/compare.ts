import { diffWords } from 'diff';
import type { NodeJSON, Report } from './json';
import { forEachLabel, type TreeView } from './labels';

export interface WordChange {
  type: 'equal' | 'insert' | 'delete';
  text: string;
}

/** One agreement or sub-item across two versions, matched by its stable id (so renumbering is not a change). */
export interface ItemComparison {
  id: string | null;
  kind: 'agreement' | 'subItem';
  /** Its label and text in the older version, or null when it was added. */
  from: { label: string; reference: string; text: string } | null;
  /** Its label and text in the newer version, or null when it was removed. */
  to: { label: string; reference: string; text: string } | null;
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Word-level insertions and deletions from the older text to the newer. */
  words: WordChange[];
}

export interface ReportComparison {
  items: ItemComparison[];
  /** The text outside agreements (preamble, headings, paragraphs between lists), word by word. */
  otherText: WordChange[];
  summary: { added: number; removed: number; changed: number; unchanged: number; renumbered: number };
}

const VIEW: TreeView<NodeJSON> = {
  type: (node) => node.type,
  attr: (node, name) => node.attrs?.[name],
  children: (node) => node.content ?? [],
};

/** The item's own paragraphs (not its sub-items), as one line of text. */
function ownText(node: NodeJSON): string {
  return (node.content ?? [])
    .filter((child) => child.type === 'paragraph')
    .map((paragraph) => (paragraph.content ?? []).map((inline) => inline.text ?? '').join(''))
    .join(' ')
    .trim();
}

function items(report: Report) {
  const list: { id: string | null; kind: 'agreement' | 'subItem'; label: string; reference: string; text: string }[] =
    [];
  forEachLabel(report.doc, VIEW, (node, item) =>
    list.push({ id: item.id, kind: item.kind, label: item.label, reference: item.reference, text: ownText(node) }),
  );
  return list;
}

function otherText(report: Report): string {
  return (report.doc.content ?? [])
    .filter((block) => block.type !== 'agreementList')
    .map((block) => (block.content ?? []).map((inline) => inline.text ?? '').join(''))
    .join('\n');
}

function words(from: string, to: string): WordChange[] {
  return diffWords(from, to).map((part) => ({
    type: part.added ? 'insert' : part.removed ? 'delete' : 'equal',
    text: part.value,
  }));
}

/**
 * Compares two versions agreement by agreement and sub-item by sub-item, matched by stable id, with
 * word-level insertions and deletions. Items appear in the newer version's order; removed ones follow.
 */
export function compareReports(older: Report, newer: Report): ReportComparison {
  const before = items(older);
  const after = items(newer);
  const byId = new Map(before.filter((item) => item.id).map((item) => [item.id!, item]));
  const matched = new Set<string>();
  const result: ItemComparison[] = [];
  for (const item of after) {
    const previous = item.id ? byId.get(item.id) : undefined;
    if (previous) matched.add(previous.id!);
    const to = { label: item.label, reference: item.reference, text: item.text };
    if (!previous) {
      result.push({
        id: item.id,
        kind: item.kind,
        from: null,
        to,
        change: 'added',
        words: [{ type: 'insert', text: item.text }],
      });
      continue;
    }
    const from = { label: previous.label, reference: previous.reference, text: previous.text };
    const same = previous.text === item.text;
    result.push({
      id: item.id,
      kind: item.kind,
      from,
      to,
      change: same ? 'unchanged' : 'changed',
      words: same ? [{ type: 'equal', text: item.text }] : words(previous.text, item.text),
    });
  }
  for (const item of before) {
    if (item.id && matched.has(item.id)) continue;
    result.push({
      id: item.id,
      kind: item.kind,
      from: { label: item.label, reference: item.reference, text: item.text },
      to: null,
      change: 'removed',
      words: [{ type: 'delete', text: item.text }],
    });
  }
  const count = (change: ItemComparison['change']) => result.filter((item) => item.change === change).length;
  return {
    items: result,
    otherText: words(otherText(older), otherText(newer)),
    summary: {
      added: count('added'),
      removed: count('removed'),
      changed: count('changed'),
      unchanged: count('unchanged'),
      renumbered: result.filter((item) => item.from && item.to && item.from.reference !== item.to.reference).length,
    },
  };
}
