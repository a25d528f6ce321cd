import type { Node as PMNode, ResolvedPos } from '@tiptap/pm/model';

/** Where the cursor is, structurally: the innermost agreement or sub-item around it. */
export interface ItemContext {
  kind: 'agreement' | 'subItem';
  item: PMNode;
  /** Position just before the item. */
  pos: number;
  /** The list holding the item (agreementList or subItemList) and the position before it. */
  list: PMNode;
  listPos: number;
  /** The item's index in its list. */
  index: number;
  /** Index of the cursor's paragraph among the item's children, or -1 when it is deeper. */
  paragraphIndex: number;
  /** For a sub-item: its agreement, the agreement's list and index. */
  agreement?: { item: PMNode; pos: number; list: PMNode; listPos: number; index: number };
}

export function itemAt($pos: ResolvedPos): ItemContext | null {
  for (let depth = $pos.depth; depth >= 2; depth--) {
    const node = $pos.node(depth);
    const name = node.type.name;
    if (name !== 'agreement' && name !== 'subItem') continue;
    const context: ItemContext = {
      kind: name,
      item: node,
      pos: $pos.before(depth),
      list: $pos.node(depth - 1),
      listPos: $pos.before(depth - 1),
      index: $pos.index(depth - 1),
      paragraphIndex: depth === $pos.depth - 1 && $pos.parent.type.name === 'paragraph' ? $pos.index(depth) : -1,
    };
    if (name === 'subItem' && depth >= 4) {
      context.agreement = {
        item: $pos.node(depth - 2),
        pos: $pos.before(depth - 2),
        list: $pos.node(depth - 3),
        listPos: $pos.before(depth - 3),
        index: $pos.index(depth - 3),
      };
    }
    return context;
  }
  return null;
}

/** The agreement around a position — the sub-item's own agreement when inside a sub-item — and the position before it. */
export function agreementAt($pos: ResolvedPos): { item: PMNode; pos: number } | null {
  const context = itemAt($pos);
  if (!context) return null;
  return context.kind === 'agreement' ? { item: context.item, pos: context.pos } : (context.agreement ?? null);
}

/** The report's agreements (with the position before each, in document order) that start within [from, to]. */
export function agreementsIn(doc: PMNode, from = 0, to = doc.content.size): { pos: number; node: PMNode }[] {
  const agreements: { pos: number; node: PMNode }[] = [];
  doc.forEach((child, offset) => {
    if (child.type.name !== 'agreementList' || offset > to || offset + child.nodeSize < from) return;
    child.forEach((agreement, inner) => {
      const pos = offset + 1 + inner;
      if (pos >= from && pos <= to) agreements.push({ pos, node: agreement });
    });
  });
  return agreements;
}

/** The item's paragraphs (its leading children) and its sub-item list, if any. */
export function partsOf(item: PMNode): { paragraphs: PMNode[]; subList: PMNode | null } {
  const paragraphs: PMNode[] = [];
  let subList: PMNode | null = null;
  item.forEach((child) => {
    if (child.type.name === 'subItemList') subList = child;
    else paragraphs.push(child);
  });
  return { paragraphs, subList };
}

export function childrenOf(node: PMNode | null): PMNode[] {
  const children: PMNode[] = [];
  node?.forEach((child) => {
    children.push(child);
  });
  return children;
}

/**
 * The document position inside the paragraph `paragraphIndex` of the item with `id`, at `offset`
 * (clamped): where the cursor goes after a command rebuilt the item.
 */
export function positionInItem(doc: PMNode, id: string, paragraphIndex: number, offset: number): number | null {
  let found: number | null = null;
  doc.descendants((node, pos) => {
    if (found !== null) return false;
    if ((node.type.name === 'agreement' || node.type.name === 'subItem') && node.attrs.id === id) {
      let childPos = pos + 1;
      let index = 0;
      node.forEach((child) => {
        if (found !== null) return;
        if (index === Math.max(0, paragraphIndex) && child.type.name === 'paragraph') {
          found = childPos + 1 + Math.min(offset, child.content.size);
        }
        childPos += child.nodeSize;
        index += 1;
      });
      if (found === null) found = pos + 2;
      return false;
    }
    return true;
  });
  return found;
}
