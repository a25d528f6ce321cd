import type { DocJSON, MarkJSON, NodeJSON } from '../json';
import { type LabelledItem, labelsByNode } from '../labels';
import { BROKEN_REFERENCE_TEXT, referenceText } from './labels';

/**
 * A report as an export writes it: every reference replaced by its target's current label as text
 * (`4 (b)`), or BROKEN_REFERENCE_TEXT when the target is gone. With `href`, the label is also a
 * link (`{ type: 'link', attrs: { href, reference: true } }`): HTML links to the item's anchor, Akoma
 * Ntoso writes `<ref>`. The exporters themselves never meet a reference node.
 */
export function resolveReferences(doc: DocJSON, href?: (item: LabelledItem) => string | null): DocJSON {
  const byId = new Map<string, LabelledItem>();
  for (const item of labelsByNode(doc).values()) if (item.id && !byId.has(item.id)) byId.set(item.id, item);
  const resolve = (node: NodeJSON): NodeJSON => {
    if (node.type === 'reference') {
      const target = typeof node.attrs?.target === 'string' ? byId.get(node.attrs.target) : undefined;
      const link = target && href ? href(target) : null;
      const marks: MarkJSON[] = [
        ...(node.marks ?? []),
        ...(link ? [{ type: 'link' as const, attrs: { href: link, reference: true } }] : []),
      ];
      return {
        type: 'text',
        text: target ? referenceText(target) : BROKEN_REFERENCE_TEXT,
        ...(marks.length > 0 ? { marks } : {}),
      };
    }
    return node.content ? { ...node, content: node.content.map(resolve) } : node;
  };
  return resolve(doc) as DocJSON;
}

/** Whether a report holds any reference (most do not: their export is not copied). */
export function hasReferences(node: NodeJSON): boolean {
  return node.type === 'reference' || (node.content ?? []).some(hasReferences);
}

/** The document with its references as text (what an exporter writes), unchanged when it has none. */
export function referencesAsText<T extends DocJSON>(doc: T, href?: (item: LabelledItem) => string | null): T {
  return hasReferences(doc) ? (resolveReferences(doc, href) as T) : doc;
}
