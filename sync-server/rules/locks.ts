import * as Y from 'yjs';
import { REPORT_FIELD } from '../../schema/index';
import { onlyCommentAnchors } from './comment-anchors';
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

/** The locked agreement `type` is, or is inside, if any. */
function lockedAround(type: Y.AbstractType<unknown> | null, locked: Set<Y.XmlElement>): Y.XmlElement | null {
  for (let current = type; current; current = (current._item?.parent as Y.AbstractType<unknown> | null) ?? null) {
    if (locked.has(current as Y.XmlElement)) return current as Y.XmlElement;
  }
  return null;
}

/**
 * What a delegate's transaction did inside an agreed agreement: changed its text, structure or
 * attributes, or deleted it. The secretariat may still edit agreed text. (Status itself is the
 * identity rule's.)
 */
export const locksRule: Rule = (transaction, context) => {
  const locked = context.locked as Set<Y.XmlElement>;
  if (context.role === 'secretariat' || locked.size === 0) return null;
  // Commenting on agreed words adds or removes only comment anchors: allowed.
  const inLocked = (type: Y.AbstractType<unknown>) => lockedAround(type, locked) !== null;
  for (const type of transaction.changed.keys()) {
    const agreement = lockedAround(type as Y.AbstractType<unknown>, locked);
    if (agreement && !onlyCommentAnchors(transaction, context, inLocked))
      return lockedReason(transaction.doc, agreement);
  }
  let deleted: Y.XmlElement | null = null;
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (deleted || !(struct instanceof Y.Item)) return;
    const content = struct.content;
    if (content instanceof Y.ContentType && locked.has(content.type as Y.XmlElement))
      deleted = content.type as Y.XmlElement;
    else deleted = lockedAround(struct.parent as Y.AbstractType<unknown>, locked);
  });
  return deleted ? lockedReason(transaction.doc, deleted) : null;
};

/** Names the agreement, so the delegate knows which text was refused (its number now, as shown). */
function lockedReason(doc: Y.Doc, agreement: Y.XmlElement): string {
  const number = agreementNumber(doc, agreement);
  return number === null
    ? 'this agreement has been agreed and is locked'
    : `agreement ${number} has been agreed and is locked`;
}

/** An agreement's number: its place among all agreements of the report, in document order. */
export function agreementNumber(doc: Y.Doc, agreement: Y.XmlElement): number | null {
  let number = 0;
  for (const block of doc.getXmlFragment(REPORT_FIELD).toArray()) {
    if (!(block instanceof Y.XmlElement) || block.nodeName !== 'agreementList') continue;
    for (const item of block.toArray()) {
      if (!(item instanceof Y.XmlElement) || item.nodeName !== 'agreement') continue;
      // A proposed agreement (`5 bis`) shifts nobody's number.
      if (item.getAttribute('insertion')) continue;
      number += 1;
      if (item === agreement) return number;
    }
  }
  return null;
}

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
