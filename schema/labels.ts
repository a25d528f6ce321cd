import type { DocJSON, NodeJSON } from './json';
import { agreementLabel, DEFAULT_SUB_ITEM_STYLE, isSubItemStyle, type SubItemStyle, subItemLetters } from './numbering';

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
  /**
   * For an item that exists only as a proposed insertion: its place after the last adopted one
   * (1 = bis, 2 = ter, …). Such an item shifts nobody's number; the label says `5 bis`.
   */
  proposed?: number;
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
  let proposedAgreements = 0;
  for (const block of view.children(root)) {
    if (view.type(block) !== 'agreementList') continue;
    for (const agreement of view.children(block)) {
      if (view.type(agreement) !== 'agreement') continue;
      const agreementProposed = isProposed(view.attr(agreement, 'insertion'));
      if (agreementProposed) proposedAgreements += 1;
      else {
        agreementNumber += 1;
        proposedAgreements = 0;
      }
      // `5 bis`, `5 ter`: after the last adopted agreement (`0 bis` before the first one).
      const number = agreementProposed
        ? `${agreementNumber} ${latinOrdinal(proposedAgreements)}`
        : String(agreementNumber);
      visit(agreement, {
        kind: 'agreement',
        id: idOf(view.attr(agreement, 'id')),
        label: agreementProposed ? `${number}.` : agreementLabel(agreementNumber),
        reference: number,
        agreementNumber,
        ...(agreementProposed ? { proposed: proposedAgreements } : {}),
      });
      const list = view.children(agreement).find((child) => view.type(child) === 'subItemList');
      if (!list) continue;
      const styleAttr = view.attr(list, 'style');
      const style = isSubItemStyle(styleAttr) ? styleAttr : DEFAULT_SUB_ITEM_STYLE;
      let index = 0;
      let proposedSubItems = 0;
      for (const subItem of view.children(list)) {
        // Inside a proposed agreement its sub-items are lettered plainly: the agreement is the proposal.
        const subItemProposed = !agreementProposed && isProposed(view.attr(subItem, 'insertion'));
        if (subItemProposed) proposedSubItems += 1;
        else {
          index += 1;
          proposedSubItems = 0;
        }
        // Proposed before any adopted sub-item (the list is new): `a new`, `b new`, as they would read.
        const letters = subItemLetters(index === 0 ? proposedSubItems : index);
        const suffix = subItemProposed ? (index === 0 ? ' new' : ` ${latinOrdinal(proposedSubItems)}`) : '';
        visit(subItem, {
          kind: 'subItem',
          id: idOf(view.attr(subItem, 'id')),
          label: styled(`${letters}${suffix}`, style),
          reference: `${number}.${letters}${suffix}`,
          agreementNumber,
          subItemIndex: index,
          ...(subItemProposed ? { proposed: proposedSubItems } : {}),
        });
      }
    }
  }
}

/** Latin ordinals for inserted paragraphs, as UN and OAS reports number them: bis, ter, quater, … */
const ORDINALS = ['bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'novies', 'decies'];

export function latinOrdinal(position: number): string {
  return ORDINALS[position - 1] ?? `${position + 1}`;
}

function isProposed(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

/** `b bis` in the list's style: `b bis.`, `b bis)`, `(b bis)`. */
function styled(letters: string, style: SubItemStyle): string {
  return style === '(a)' ? `(${letters})` : `${letters}${style.slice(1)}`;
}

/** Each agreement and sub-item node of a report with its label: what exporters number with. */
export function labelsByNode(doc: DocJSON): Map<NodeJSON, LabelledItem> {
  const labels = new Map<NodeJSON, LabelledItem>();
  forEachLabel(doc, JSON_VIEW, (node, item) => labels.set(node, item));
  return labels;
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
