import type { Slice } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { Step } from '@tiptap/pm/transform';
import { newId } from '../ids';
import { sameItems } from './same-items';

export const uniqueIdsKey = new PluginKey('accordUniqueIds');

/**
 * Keeps every agreement and sub-item id present and unique after any change (a paste, a split made
 * by ProseMirror itself): the first occurrence keeps its id, a later copy gets a new one. Every
 * client applies the same rule, so they agree on which node keeps the id.
 */
export function uniqueIdsPlugin(): Plugin {
  return new Plugin({
    key: uniqueIdsKey,
    appendTransaction(transactions, old, state) {
      // Typing inserts no agreement: only a change that brings in items (a paste, a split, a remote
      // change) can bring a missing or repeated id, so only those pay for a walk of the document.
      // A remote change arrives as a replacement of the whole document: it brings items only if
      // some item now differs from the one in its place before.
      if (!transactions.some((tr) => tr.steps.some(bringsItems))) return null;
      if (sameItems(old.doc, state.doc, true)) return null;
      const seen = new Set<string>();
      const tr = state.tr;
      state.doc.descendants((node, pos) => {
        const name = node.type.name;
        if (name !== 'agreement' && name !== 'subItem') return name === 'doc' || name.endsWith('List');
        const id = node.attrs.id;
        if (typeof id !== 'string' || id === '' || seen.has(id)) {
          tr.setNodeAttribute(pos, 'id', newId());
        } else {
          seen.add(id);
        }
        return true;
      });
      if (!tr.docChanged) return null;
      // The fix belongs to the change that needed it: undone with a split or a paste of one's own;
      // after a remote change (which is not one's history) it stays out of the history too. Marking
      // it out of the history always made the delegate's own Enter or paste impossible to undo,
      // and a later undo then took back the text around the new item while the item stayed.
      return transactions.some((transaction) => transaction.getMeta('addToHistory') === false)
        ? tr.setMeta('addToHistory', false)
        : tr;
    },
  });
}

function bringsItems(step: Step): boolean {
  const slice = (step as unknown as { slice?: Slice }).slice;
  if (!slice) return (step as unknown as { attr?: string }).attr === 'id';
  let found = false;
  slice.content.descendants((node) => {
    if (node.type.name === 'agreement' || node.type.name === 'subItem') found = true;
    return !found && !node.isTextblock;
  });
  return found;
}
