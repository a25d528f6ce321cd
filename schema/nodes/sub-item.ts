import { mergeAttributes, Node } from '@tiptap/core';
import { liftAtStart, liftItem } from '../commands/lift-item';
import { newParagraphInItem, splitItem } from '../commands/split-item';
import { idAttribute } from './id-attribute';
import { itemShortcut } from './item-shortcut';
import { insertionAttribute } from './proposed-item';

/** A lettered sub-item of an agreement. */
export const SubItem = Node.create({
  name: 'subItem',
  content: 'paragraph+',
  defining: true,
  addKeyboardShortcuts() {
    const on = (command: Parameters<typeof itemShortcut>[2]) => itemShortcut(this.editor, 'subItem', command);
    return {
      Enter: on(splitItem),
      'Shift-Enter': on(newParagraphInItem),
      // A report has two levels: Tab in a sub-item does nothing, and keeps the focus in the editor.
      Tab: on(() => true),
      'Shift-Tab': on(liftItem),
      Backspace: on(liftAtStart),
    };
  },
  addAttributes() {
    return { id: idAttribute, insertion: insertionAttribute };
  },
  parseHTML() {
    return [{ tag: 'li[data-type="sub-item"]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['li', mergeAttributes(HTMLAttributes, { 'data-type': 'sub-item' }), 0];
  },
});
