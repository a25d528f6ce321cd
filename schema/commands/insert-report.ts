import type { Node as PMNode } from '@tiptap/pm/model';
import { Selection, type Transaction } from '@tiptap/pm/state';
import type { DocJSON } from '../json';
import { childrenOf, itemAt } from './item-context';
import { replaceAgreements } from './rebuild';
import type { Command } from './types';

/**
 * Inserts the blocks of an imported report (a paste of numbered text) where the cursor is: inside a
 * list, its agreements join the list after the current agreement and its paragraphs split the list;
 * elsewhere the blocks follow the current block (replacing it when it is an empty paragraph).
 */
export function insertReport(doc: DocJSON): Command {
  return (state, dispatch) => {
    const blocks = (doc.content ?? []).map((block) => state.schema.nodeFromJSON(block));
    if (blocks.length === 0) return false;
    if (!dispatch) return true;
    const tr = state.tr;
    if (!state.selection.empty) tr.deleteSelection();
    const $from = tr.selection.$from;
    const context = itemAt($from);
    const owner = context?.kind === 'agreement' ? context : context?.agreement;
    if (owner) {
      const first = blocks[0]!;
      const last = blocks.at(-1)!;
      const left = first.type.name === 'agreementList' ? childrenOf(first) : [];
      const rest = first.type.name === 'agreementList' ? blocks.slice(1) : blocks;
      const right = rest.length > 0 && last.type.name === 'agreementList' ? childrenOf(last) : [];
      const middle = right.length > 0 ? rest.slice(0, -1) : rest;
      replaceAgreements(tr, owner.listPos, owner.index + 1, owner.index + 1, { left, middle, right });
      // The cursor goes to the end of what was pasted.
      const lastItem = right.at(-1) ?? (middle.length === 0 ? left.at(-1) : undefined);
      if (lastItem) {
        cursorAtEndOf(tr, lastItem.attrs.id);
      } else {
        const afterLeft = owner.listPos + tr.doc.nodeAt(owner.listPos)!.nodeSize;
        const end = middle.reduce((size, block) => size + block.nodeSize, afterLeft);
        tr.setSelection(Selection.near(tr.doc.resolve(end - 1), -1));
      }
    } else {
      const top: PMNode | null = $from.depth > 0 ? $from.node(1) : null;
      const isEmptyParagraph = top?.type.name === 'paragraph' && top.content.size === 0;
      const start = top ? (isEmptyParagraph ? $from.before(1) : $from.after(1)) : tr.doc.content.size;
      if (top && isEmptyParagraph) tr.replaceWith($from.before(1), $from.after(1), blocks);
      else tr.insert(start, blocks);
      const end = blocks.reduce((size, block) => size + block.nodeSize, start);
      tr.setSelection(Selection.near(tr.doc.resolve(end - 1), -1));
    }
    dispatch(tr.scrollIntoView());
    return true;
  };
}

function cursorAtEndOf(tr: Transaction, id: unknown): void {
  tr.doc.descendants((node, pos) => {
    if (node.attrs.id !== id || (node.type.name !== 'agreement' && node.type.name !== 'subItem')) return true;
    tr.setSelection(Selection.near(tr.doc.resolve(pos + node.nodeSize - 1), -1));
    return false;
  });
}
