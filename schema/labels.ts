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

/** How to read a tree: lets the same numbering walk ProseMirror JSON and live ProseMirror nodes. */
export interface TreeView<T> {
  type(node: T): string;
  attr(node: T, name: string): unknown;
  children(node: T): T[];
}

const JSON_VIEW: TreeView<NodeJSON> = {
  type: (node) => node.type,
  attr: (node, name) => node.attrs?.[name],
  children: (node) => node.content ?? [],
};

/**
 * Visits every agreement and sub-item with its label, derived from document order alone: agreements
 * numbered 1..n through all agreement lists, sub-items lettered from `a` inside each agreement in
 * their list's style. The one place numbering happens; the editor and every exporter rely on it.
 */
export function forEachLabel<T>(root: T, view: TreeView<T>, visit: (node: T, item: LabelledItem) => void): void {
  let agreementNumber = 0;
  for (const block of view.children(root)) {
    if (view.type(block) !== 'agreementList') continue;
    for (const agreement of view.children(block)) {
      if (view.type(agreement) !== 'agreement') continue;
      agreementNumber += 1;
      visit(agreement, {
        kind: 'agreement',
        id: idOf(view.attr(agreement, 'id')),
        label: agreementLabel(agreementNumber),
        reference: String(agreementNumber),
        agreementNumber,
      });
      const list = view.children(agreement).find((child) => view.type(child) === 'subItemList');
      if (!list) continue;
      const styleAttr = view.attr(list, 'style');
      const style = isSubItemStyle(styleAttr) ? styleAttr : DEFAULT_SUB_ITEM_STYLE;
      view.children(list).forEach((subItem, position) => {
        const index = position + 1;
        visit(subItem, {
          kind: 'subItem',
          id: idOf(view.attr(subItem, 'id')),
          label: subItemLabel(index, style),
          reference: `${agreementNumber}.${subItemLabel(index, 'a.').slice(0, -1)}`,
          agreementNumber,
          subItemIndex: index,
        });
      });
    }
  }
}

/** Every label of a report in document order. */
export function deriveLabels(doc: DocJSON): LabelledItem[] {
  const items: LabelledItem[] = [];
  forEachLabel(doc, JSON_VIEW, (_node, item) => items.push(item));
  return items;
}

export function subItemListOf(agreement: NodeJSON): NodeJSON | undefined {
  return (agreement.content ?? []).find((child) => child.type === 'subItemList');
}

export function subItemStyleOf(list: NodeJSON): SubItemStyle {
  const style = list.attrs?.style;
  return isSubItemStyle(style) ? style : DEFAULT_SUB_ITEM_STYLE;
}

function idOf(id: unknown): string | null {
  return typeof id === 'string' && id !== '' ? id : null;
}
