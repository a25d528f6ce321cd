import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { insertedText } from './inserted-text';

/**
 * Mirrors the server's lock for delegates: a local change that touches an agreed agreement (or its
 * sub-items) is not made at all. Changes arriving from others (the sync plugin) always pass.
 * The server enforces the same rule; this only spares the delegate a change that would be reverted.
 */
export function locksPlugin(
  isDelegate: () => boolean,
  onBlocked: (refusedText: string, agreementNumber: number) => void,
): Plugin {
  return new Plugin({
    key: new PluginKey('accordLocks'),
    filterTransaction(transaction, state) {
      if (!transaction.docChanged || !isDelegate() || transaction.getMeta(ySyncPluginKey)) return true;
      const locked = lockedRanges(state.doc);
      if (locked.length === 0) return true;
      let touched: number | null = null;
      for (const step of transaction.steps) {
        step.getMap().forEach((from, to) => {
          const hit = locked.find(([start, end]) => from < end && to > start);
          if (hit && touched === null) touched = hit[2];
        });
      }
      // What the delegate typed or pasted is handed back, so it can be copied elsewhere, not lost.
      if (touched !== null) onBlocked(insertedText(transaction), touched);
      return touched === null;
    },
  });
}

/** Each agreed agreement's range, with its number (agreements count on through the report). */
function lockedRanges(doc: PMNode): [number, number, number][] {
  const ranges: [number, number, number][] = [];
  let number = 0;
  doc.forEach((block, offset) => {
    if (block.type.name !== 'agreementList') return;
    block.forEach((agreement, inner) => {
      number += 1;
      if (agreement.attrs.status !== 'agreed') return;
      const start = offset + 1 + inner;
      ranges.push([start, start + agreement.nodeSize, number]);
    });
  });
  return ranges;
}
