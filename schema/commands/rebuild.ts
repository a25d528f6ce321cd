import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { TextSelection, type Transaction } from '@tiptap/pm/state';
import { newId } from '../ids';
import { DEFAULT_SUB_ITEM_STYLE, type SubItemStyle } from '../numbering';
import { childrenOf, positionInItem } from './item-context';

/**
 * Replaces agreements `[from, to)` of the agreement list at `listPos` with `left` agreements, then
 * `middle` top-level blocks (which split the list in two), then `right` agreements. Unchanged
 * agreements are reused as the same node objects, so the Yjs binding keeps them as they are.
 */
export function replaceAgreements(
  tr: Transaction,
  listPos: number,
  from: number,
  to: number,
  parts: { left?: PMNode[]; middle?: PMNode[]; right?: PMNode[] },
): void {
  const list = tr.doc.nodeAt(listPos);
  if (list?.type.name !== 'agreementList') throw new Error('no agreement list at that position');
  const children = childrenOf(list);
  const before = [...children.slice(0, from), ...(parts.left ?? [])];
  const after = [...(parts.right ?? []), ...children.slice(to)];
  const middle = parts.middle ?? [];
  const blocks: PMNode[] = [];
  if (middle.length === 0) {
    const all = [...before, ...after];
    if (all.length > 0) blocks.push(list.type.create(list.attrs, all));
  } else {
    if (before.length > 0) blocks.push(list.type.create(list.attrs, before));
    blocks.push(...middle);
    if (after.length > 0) blocks.push(list.type.create(null, after));
  }
  if (blocks.length === 0) blocks.push(tr.doc.type.schema.nodes.paragraph!.create());
  tr.replaceWith(listPos, listPos + list.nodeSize, blocks);
}

export function emptyItem(schema: Schema, kind: 'agreement' | 'subItem'): PMNode {
  return schema.nodes[kind]!.create({ id: newId() }, schema.nodes.paragraph!.create());
}

/** An agreement (or sub-item) holding `paragraphs` and, if any, `subItems` in a list of `style`. */
export function buildItem(
  schema: Schema,
  kind: 'agreement' | 'subItem',
  id: unknown,
  paragraphs: readonly PMNode[],
  subItems: readonly PMNode[] = [],
  style: SubItemStyle = DEFAULT_SUB_ITEM_STYLE,
): PMNode {
  const content = paragraphs.length > 0 ? [...paragraphs] : [schema.nodes.paragraph!.create()];
  if (kind === 'agreement' && subItems.length > 0) content.push(schema.nodes.subItemList!.create({ style }, subItems));
  return schema.nodes[kind]!.create({ id: typeof id === 'string' && id ? id : newId() }, content);
}

/** Puts the cursor back where it was, inside the (rebuilt) item with `id`. */
export function restoreCursor(tr: Transaction, id: unknown, paragraphIndex: number, offset: number): void {
  if (typeof id !== 'string') return;
  const pos = positionInItem(tr.doc, id, paragraphIndex, offset);
  if (pos !== null) tr.setSelection(TextSelection.create(tr.doc, pos));
}
