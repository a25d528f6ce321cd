import type { Node as PMNode, Slice } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/**
 * Mirrors the server's lock for delegates: a local change that touches an agreed agreement (or its
 * sub-items) is not made at all. Changes arriving from others (the sync plugin) always pass.
 * The server enforces the same rule; this only spares the delegate a change that would be reverted.
 */
export function locksPlugin(isDelegate: () => boolean, onBlocked: (refusedText: string) => void): Plugin {
  return new Plugin({
    key: new PluginKey('accordLocks'),
    filterTransaction(transaction, state) {
      if (!transaction.docChanged || !isDelegate() || transaction.getMeta(ySyncPluginKey)) return true;
      const locked = lockedRanges(state.doc);
      if (locked.length === 0) return true;
      let touches = false;
      for (const step of transaction.steps) {
        step.getMap().forEach((from, to) => {
          if (locked.some(([start, end]) => from < end && to > start)) touches = true;
        });
      }
      // What the delegate typed or pasted is handed back, so it can be copied elsewhere, not lost.
      if (touches) onBlocked(insertedText(transaction));
      return !touches;
    },
  });
}

function insertedText(transaction: Transaction): string {
  return transaction.steps
    .map((step) => {
      const slice = (step as unknown as { slice?: Slice }).slice;
      return slice ? slice.content.textBetween(0, slice.content.size, '\n') : '';
    })
    .join('');
}

function lockedRanges(doc: PMNode): [number, number][] {
  const ranges: [number, number][] = [];
  doc.forEach((block, offset) => {
    if (block.type.name !== 'agreementList') return;
    block.forEach((agreement, inner) => {
      if (agreement.attrs.status !== 'agreed') return;
      const start = offset + 1 + inner;
      ranges.push([start, start + agreement.nodeSize]);
    });
  });
  return ranges;
}
