import type { DocJSON, NodeJSON } from './json';
import { agreementLabel, DEFAULT_SUB_ITEM_STYLE, isSubItemStyle, type SubItemStyle, subItemLabel } from './numbering';

/** One numbered element of the report, in document order. */
export interface LabelledItem {
  kind: 'agreement' | 'subItem';
  id: string | null;
  /** The label as shown: `4.` for an agreement, `b.`/`b)`/`(b)` for a sub-item. */
  label: string;
  /** The full reference, `4` or `4.b`, unique in the report. */
  reference: string;
  /** The agreement's number (for a sub-item, its agreement's). */
  agreementNumber: number;
  /** 1-based position of a sub-item in its list; undefined for agreements. */
  subItemIndex?: number;
}

/**
 * Every label of the report, derived from document order alone: agreements numbered 1..n through
 * all agreement lists, sub-items lettered from `a` inside each agreement in their list's style.
 */
export function deriveLabels(doc: DocJSON): LabelledItem[] {
  const items: LabelledItem[] = [];
  let agreementNumber = 0;
  for (const block of doc.content ?? []) {
    if (block.type !== 'agreementList') continue;
    for (const agreement of block.content ?? []) {
      if (agreement.type !== 'agreement') continue;
      agreementNumber += 1;
      items.push({
        kind: 'agreement',
        id: idOf(agreement),
        label: agreementLabel(agreementNumber),
        reference: String(agreementNumber),
        agreementNumber,
      });
      const list = subItemListOf(agreement);
      if (!list) continue;
      const style = subItemStyleOf(list);
      (list.content ?? []).forEach((subItem, position) => {
        const index = position + 1;
        items.push({
          kind: 'subItem',
          id: idOf(subItem),
          label: subItemLabel(index, style),
          reference: `${agreementNumber}.${subItemLabel(index, 'a.').slice(0, -1)}`,
          agreementNumber,
          subItemIndex: index,
        });
      });
    }
  }
  return items;
}

export function subItemListOf(agreement: NodeJSON): NodeJSON | undefined {
  return (agreement.content ?? []).find((child) => child.type === 'subItemList');
}

export function subItemStyleOf(list: NodeJSON): SubItemStyle {
  const style = list.attrs?.style;
  return isSubItemStyle(style) ? style : DEFAULT_SUB_ITEM_STYLE;
}

function idOf(node: NodeJSON): string | null {
  const id = node.attrs?.id;
  return typeof id === 'string' && id !== '' ? id : null;
}
