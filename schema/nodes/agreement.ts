import { mergeAttributes, Node } from '@tiptap/core';
import { liftAtStart, liftItem } from '../commands/lift-item';
import { sinkItem } from '../commands/sink-item';
import { newParagraphInItem, splitItem } from '../commands/split-item';
import { DEFAULT_SUB_ITEM_STYLE, type SubItemStyle } from '../numbering';
import { idAttribute } from './id-attribute';
import { itemShortcut } from './item-shortcut';
import { insertionAttribute } from './proposed-item';

export interface AgreementOptions {
  /** The style a new sub-item list takes (Tab on an agreement without one): the report's default. */
  defaultSubItemStyle: () => SubItemStyle;
}

/** A numbered agreement: its paragraphs, then at most one list of lettered sub-items. */
export const Agreement = Node.create<AgreementOptions>({
  name: 'agreement',
  content: 'paragraph+ subItemList?',
  defining: true,
  addOptions() {
    return { defaultSubItemStyle: () => DEFAULT_SUB_ITEM_STYLE };
  },
  addKeyboardShortcuts() {
    const on = (command: Parameters<typeof itemShortcut>[2]) => itemShortcut(this.editor, 'agreement', command);
    return {
      Enter: on(splitItem),
      'Shift-Enter': on(newParagraphInItem),
      Tab: on((state, dispatch) => sinkItem(this.options.defaultSubItemStyle())(state, dispatch) || true),
      'Shift-Tab': on(liftItem),
      Backspace: on(liftAtStart),
    };
  },
  addAttributes() {
    return {
      id: idAttribute,
      insertion: insertionAttribute,
      /** `agreed` locks the agreement and its sub-items for delegates; only the secretariat changes it. */
      status: {
        default: 'open',
        parseHTML: (element) => (element.getAttribute('data-status') === 'agreed' ? 'agreed' : 'open'),
        renderHTML: (attributes) => ({ 'data-status': attributes.status === 'agreed' ? 'agreed' : 'open' }),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'li[data-type="agreement"]' }, { tag: 'ol:not([data-type]) > li', priority: 40 }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['li', mergeAttributes(HTMLAttributes, { 'data-type': 'agreement' }), 0];
  },
});
