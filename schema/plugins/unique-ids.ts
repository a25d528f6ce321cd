import { Plugin, PluginKey } from '@tiptap/pm/state';
import { newId } from '../ids';

export const uniqueIdsKey = new PluginKey('accordUniqueIds');

/**
 * Keeps every agreement and sub-item id present and unique after any change (a paste, a split made
 * by ProseMirror itself): the first occurrence keeps its id, a later copy gets a new one. Every
 * client applies the same rule, so they agree on which node keeps the id.
 */
export function uniqueIdsPlugin(): Plugin {
  return new Plugin({
    key: uniqueIdsKey,
    appendTransaction(transactions, _old, state) {
      if (!transactions.some((tr) => tr.docChanged)) return null;
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
      return tr.docChanged ? tr.setMeta('addToHistory', false) : null;
    },
  });
}
