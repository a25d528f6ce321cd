import * as Y from 'yjs';
import { REPORT_FIELD } from '../../schema/index';
import { effectiveAttribute } from '../../schema/yjs-shape';
import type { Rule } from './context';
import { entryValue, previousValue } from './new-items';

/**
 * Agreement status is the secretariat's: a delegate may not set a status, on an existing agreement
 * or a new one. Values are compared as effective values: a missing attribute means the schema's
 * default, so an editor that writes `status="open"` into an older report is not changing anything.
 *
 * Item ids are unique: nobody may give an agreement or sub-item an id another one has (the
 * secretariat's "mark agreed", by id, would lock the wrong agreement, or two). An id may otherwise
 * change: the editor's binding reuses an existing element for a neighbouring item when the
 * structure changes (Tab, Shift-Tab) and writes that item's id onto it; what matters is that every
 * id names exactly one item afterwards, and that an agreed agreement (id included) is locked.
 */
export const identityRule: Rule = (transaction, context) => {
  let ids: Map<string, number> | null = null;
  for (const item of context.created) {
    if (item.deleted || item.parentSub === null || !(item.parent instanceof Y.XmlElement)) continue;
    const node = item.parent.nodeName;
    if (node === 'agreement' && item.parentSub === 'status' && context.role !== 'secretariat') {
      const before = effectiveAttribute(node, 'status', previousValue(item));
      if (effectiveAttribute(node, 'status', entryValue(item)) !== before)
        return 'only the secretariat marks agreements agreed or open';
    }
    if ((node === 'agreement' || node === 'subItem') && item.parentSub === 'id') {
      const after = entryValue(item);
      if (typeof after === 'string') {
        ids ??= idCounts(transaction.doc);
        if ((ids.get(after) ?? 0) > 1) return 'another agreement or sub-item already has this id';
      }
    }
  }
  return null;
};

/** How many live agreements and sub-items carry each id. */
function idCounts(doc: Y.Doc): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (element: Y.XmlElement | Y.XmlFragment): void => {
    for (const child of element.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const name = child.nodeName;
      if (name === 'agreement' || name === 'subItem') {
        const id = child.getAttribute('id');
        if (typeof id === 'string') counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      if (name === 'agreementList' || name === 'agreement' || name === 'subItemList') visit(child);
    }
  };
  visit(doc.getXmlFragment(REPORT_FIELD));
  return counts;
}
