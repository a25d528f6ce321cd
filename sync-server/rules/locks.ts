import * as Y from 'yjs';
import { REPORT_FIELD } from '../../schema/index';
import type { Rule } from './context';

/**
 * Which agreements are locked (status `agreed`), read from the room's document. Returned as the
 * Y.XmlElements themselves so that a change can be traced to them by identity.
 */
export function lockedAgreements(doc: Y.Doc): Set<Y.XmlElement> {
  const locked = new Set<Y.XmlElement>();
  for (const block of doc.getXmlFragment(REPORT_FIELD).toArray()) {
    if (!(block instanceof Y.XmlElement) || block.nodeName !== 'agreementList') continue;
    for (const agreement of block.toArray()) {
      if (
        agreement instanceof Y.XmlElement &&
        agreement.nodeName === 'agreement' &&
        agreement.getAttribute('status') === 'agreed'
      ) {
        locked.add(agreement);
      }
    }
  }
  return locked;
}

/** Whether `type` is, or is inside, one of `locked`. */
function within(type: Y.AbstractType<unknown> | null, locked: Set<Y.XmlElement>): boolean {
  for (let current = type; current; current = (current._item?.parent as Y.AbstractType<unknown> | null) ?? null) {
    if (locked.has(current as Y.XmlElement)) return true;
  }
  return false;
}

/**
 * What a delegate's transaction did inside an agreed agreement: changed its text, structure or
 * attributes, or deleted it. The secretariat may still edit agreed text. (Status itself is the
 * identity rule's.)
 */
export const locksRule: Rule = (transaction, context) => {
  const locked = context.locked as Set<Y.XmlElement>;
  if (context.role === 'secretariat' || locked.size === 0) return null;
  for (const type of transaction.changed.keys()) {
    if (within(type as Y.AbstractType<unknown>, locked)) return 'this agreement has been agreed and is locked';
  }
  let deletesLocked = false;
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (deletesLocked || !(struct instanceof Y.Item)) return;
    const content = struct.content;
    if (content instanceof Y.ContentType && locked.has(content.type as Y.XmlElement)) deletesLocked = true;
    else if (within(struct.parent as Y.AbstractType<unknown>, locked)) deletesLocked = true;
  });
  return deletesLocked ? 'this agreement has been agreed and is locked' : null;
};

/** The id of the agreement a changed type belongs to, for the activity record. */
export function agreementIdOf(type: Y.AbstractType<unknown> | null): string | null {
  for (let current = type; current; current = (current._item?.parent as Y.AbstractType<unknown> | null) ?? null) {
    if (current instanceof Y.XmlElement && current.nodeName === 'agreement') {
      const id = current.getAttribute('id');
      return typeof id === 'string' ? id : null;
    }
  }
  return null;
}
