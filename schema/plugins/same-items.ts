import type { Node as PMNode } from '@tiptap/pm/model';

/**
 * Whether two versions of a document hold the same numbered items in the same places: as many
 * agreements in each list, each with as many sub-items in the same letter style (and, with `ids`,
 * every item keeping its id). Text is not compared. A change leaves the subtrees it did not touch as
 * the very same objects, which are skipped: a keystroke in a 2,000-agreement report costs one
 * comparison per agreement, not a walk through the text. Any doubt (a block added or changing
 * type) answers false, which only costs the caller its full walk.
 */
export function sameItems(a: PMNode, b: PMNode, ids: boolean): boolean {
  if (a === b) return true;
  if (a.type !== b.type || a.childCount !== b.childCount) return false;
  if (ids && a.attrs.id !== b.attrs.id) return false;
  if (a.attrs.style !== b.attrs.style) return false;
  // A proposed item is numbered `bis`: accepting it renumbers.
  if (proposalId(a) !== proposalId(b)) return false;
  for (let i = 0; i < a.childCount; i++) {
    const x = a.child(i);
    const y = b.child(i);
    if (x === y) continue;
    if (x.isTextblock && y.isTextblock && x.type === y.type) continue;
    if (!sameItems(x, y, ids)) return false;
  }
  return true;
}

function proposalId(node: PMNode): unknown {
  return (node.attrs.insertion as { id?: unknown } | null | undefined)?.id ?? null;
}
