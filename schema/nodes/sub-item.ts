import { mergeAttributes, Node } from '@tiptap/core';
import { idAttribute } from './id-attribute';

/** A lettered sub-item of an agreement. */
export const SubItem = Node.create({
  name: 'subItem',
  content: 'paragraph+',
  defining: true,
  addAttributes() {
    return { id: idAttribute };
  },
  parseHTML() {
    return [{ tag: 'li[data-type="sub-item"]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['li', mergeAttributes(HTMLAttributes, { 'data-type': 'sub-item' }), 0];
  },
});
