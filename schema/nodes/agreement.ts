import { mergeAttributes, Node } from '@tiptap/core';
import { idAttribute } from './id-attribute';

/** A numbered agreement: its paragraphs, then at most one list of lettered sub-items. */
export const Agreement = Node.create({
  name: 'agreement',
  content: 'paragraph+ subItemList?',
  defining: true,
  addAttributes() {
    return { id: idAttribute };
  },
  parseHTML() {
    return [{ tag: 'li[data-type="agreement"]' }, { tag: 'ol:not([data-type]) > li', priority: 40 }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['li', mergeAttributes(HTMLAttributes, { 'data-type': 'agreement' }), 0];
  },
});
