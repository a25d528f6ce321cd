import { mergeAttributes, Node } from '@tiptap/core';
import { DEFAULT_SUB_ITEM_STYLE, isSubItemStyle } from '../numbering';

/** The lettered sub-items of one agreement. Each list keeps its own label style. */
export const SubItemList = Node.create({
  name: 'subItemList',
  content: 'subItem+',
  addAttributes() {
    return {
      style: {
        default: DEFAULT_SUB_ITEM_STYLE,
        parseHTML: (element) => {
          const style = element.getAttribute('data-style');
          return isSubItemStyle(style) ? style : DEFAULT_SUB_ITEM_STYLE;
        },
        renderHTML: (attributes) => ({ 'data-style': attributes.style }),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'ol[data-type="sub-item-list"]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['ol', mergeAttributes(HTMLAttributes, { 'data-type': 'sub-item-list' }), 0];
  },
});
