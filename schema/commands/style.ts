import type { Node as PMNode } from '@tiptap/pm/model';
import { DEFAULT_SUB_ITEM_STYLE, isSubItemStyle, type SubItemStyle } from '../numbering';

export function subItemStyleOf(list: PMNode): SubItemStyle {
  return isSubItemStyle(list.attrs.style) ? list.attrs.style : DEFAULT_SUB_ITEM_STYLE;
}
