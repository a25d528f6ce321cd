import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { forEachLabel } from '../../schema/index';
import { insertedText } from './inserted-text';
import { NODES } from './labels-plugin';

/**
 * Mirrors the server's lock for delegates: a local change that touches an agreed agreement (or its
 * sub-items) is not made at all. Changes arriving from others (the sync plugin) always pass.
 * The server enforces the same rule; this only spares the delegate a change that would be reverted.
 */
export function locksPlugin(
  isDelegate: () => boolean,
  onBlocked: (refusedText: string, agreementNumber: string) => void,
): Plugin {
  return new Plugin({
    key: new PluginKey('accordLocks'),
    filterTransaction(transaction, state) {
      if (!transaction.docChanged || !isDelegate() || transaction.getMeta(ySyncPluginKey)) return true;
      const locked = lockedRanges(state.doc);
      if (locked.length === 0) return true;
      let touched: PMNode | null = null;
      for (const step of transaction.steps) {
        step.getMap().forEach((from, to) => {
          const hit = locked.find(([start, end]) => from < end && to > start);
          if (hit && touched === null) touched = hit[2];
        });
      }
      if (touched === null) return true;
      // What the delegate typed or pasted is handed back, so it can be copied elsewhere, not lost;
      // the agreement is named as shown (numbering only now: a keystroke elsewhere never pays for it).
      onBlocked(insertedText(transaction), numberOf(state.doc, touched));
      return false;
    },
  });
}

/** Each agreed agreement's range, with the agreement. */
function lockedRanges(doc: PMNode): [number, number, PMNode][] {
  const ranges: [number, number, PMNode][] = [];
  doc.forEach((block, offset) => {
    if (block.type.name !== 'agreementList') return;
    block.forEach((agreement, inner) => {
      if (agreement.attrs.status !== 'agreed') return;
      const start = offset + 1 + inner;
      ranges.push([start, start + agreement.nodeSize, agreement]);
    });
  });
  return ranges;
}

/** An agreement's number as shown (`5`, or `5 bis`). */
function numberOf(doc: PMNode, agreement: PMNode): string {
  let number = '';
  forEachLabel(doc, NODES, (node, item) => {
    if (node === agreement) number = item.reference;
  });
  return number;
}
