import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

/**
 * Find in the report (Ctrl-F): every match of the query, case- and accent-insensitive, drawn as a
 * decoration (nothing is written to the document), the current one selected and scrolled to.
 */
export interface FindState {
  query: string;
  matches: { from: number; to: number }[];
  current: number;
  decorations: DecorationSet;
}

export const findKey = new PluginKey<FindState>('accordFind');

const EMPTY: FindState = { query: '', matches: [], current: -1, decorations: DecorationSet.empty };

/** Lower case without accents, the same length as the text (one code unit in, one out). */
function fold(text: string): string {
  let out = '';
  for (const char of text) {
    const base = char
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    out += base.length === char.length ? base : char.toLowerCase().length === char.length ? char.toLowerCase() : char;
  }
  return out;
}

export function findMatches(doc: PMNode, query: string): { from: number; to: number }[] {
  const needle = fold(query.trim());
  if (needle === '') return [];
  const matches: { from: number; to: number }[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    // A paragraph holds only text: its text's offsets are positions from pos + 1.
    const text = fold(node.textContent);
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length))
      matches.push({ from: pos + 1 + at, to: pos + 1 + at + needle.length });
    return false;
  });
  return matches;
}

function build(doc: PMNode, query: string, current: number): FindState {
  const matches = findMatches(doc, query);
  const index = matches.length === 0 ? -1 : Math.min(Math.max(current, 0), matches.length - 1);
  const decorations = DecorationSet.create(
    doc,
    matches.map((match, i) =>
      Decoration.inline(match.from, match.to, { class: i === index ? 'find-match find-current' : 'find-match' }),
    ),
  );
  return { query, matches, current: index, decorations };
}

export function findPlugin(): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findKey,
    state: {
      init: () => EMPTY,
      apply(tr, previous) {
        const meta = tr.getMeta(findKey) as { query?: string; current?: number } | undefined;
        if (meta) return build(tr.doc, meta.query ?? previous.query, meta.current ?? previous.current);
        if (tr.docChanged && previous.query) return build(tr.doc, previous.query, previous.current);
        return previous;
      },
    },
    props: {
      decorations: (state) => findKey.getState(state)?.decorations ?? DecorationSet.empty,
    },
  });
}

/** Sets the query (from the first match after the cursor), or moves to the next / previous match. */
export function findTransaction(
  tr: Transaction,
  state: FindState,
  change: { query: string } | { step: 1 | -1 },
): Transaction {
  if ('query' in change) {
    const matches = findMatches(tr.doc, change.query);
    const head = tr.selection.from;
    const first = matches.findIndex((match) => match.from >= head);
    const current = first < 0 ? 0 : first;
    tr.setMeta(findKey, { query: change.query, current });
    const match = matches[current];
    if (match) tr.setSelection(TextSelection.create(tr.doc, match.from, match.to)).scrollIntoView();
    return tr;
  }
  if (state.matches.length === 0) return tr;
  const current = (state.current + change.step + state.matches.length) % state.matches.length;
  const match = state.matches[current]!;
  return tr
    .setMeta(findKey, { current })
    .setSelection(TextSelection.create(tr.doc, match.from, match.to))
    .scrollIntoView();
}
