import * as buf from 'lib0/buffer';
import * as sha256 from 'lib0/hash/sha256';
import * as Y from 'yjs';
import { REPORT_FIELD } from '../nodes/names';

/**
 * The formatting key a comment anchor has in a Y.XmlText. Comment marks may overlap, so the editor's
 * binding (y-tiptap) writes each under `comment--` and a hash of the mark's JSON; the server writes
 * the same key when it anchors a thread itself, so the editors never rewrite it.
 */
export function commentAnchorKey(thread: string): string {
  const digest = sha256.digest(buf.encodeAny({ type: 'comment', attrs: { thread } }));
  // y-tiptap folds the digest to 6 bytes before encoding it (its `_convolute`).
  for (let i = 6; i < digest.length; i++) digest[i % 6] = digest[i % 6]! ^ digest[i]!;
  return `comment--${buf.toBase64(digest.slice(0, 6))}`;
}

/** The agreement or sub-item with this id in the report's Yjs tree. */
export function findItemElement(doc: Y.Doc, id: string): Y.XmlElement | null {
  const visit = (parent: Y.XmlElement | Y.XmlFragment): Y.XmlElement | null => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if ((child.nodeName === 'agreement' || child.nodeName === 'subItem') && child.getAttribute('id') === id)
        return child;
      if (['agreementList', 'agreement', 'subItemList'].includes(child.nodeName)) {
        const found = visit(child);
        if (found) return found;
      }
    }
    return null;
  };
  return visit(doc.getXmlFragment(REPORT_FIELD));
}

/** The plain text of a Y.XmlText (its inserts, formatting ignored). */
function plainText(text: Y.XmlText): string {
  return text
    .toDelta()
    .map((op: { insert?: unknown }) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('');
}

/**
 * Puts a thread's anchor on `quote` in the item's own paragraphs (the first place it occurs), or on
 * the item's whole first text when no quote is given. Returns the words anchored, or null when the
 * item has no such words.
 */
export function anchorThread(item: Y.XmlElement, thread: string, quote: string | null): string | null {
  for (const paragraph of item.toArray()) {
    if (!(paragraph instanceof Y.XmlElement) || paragraph.nodeName !== 'paragraph') continue;
    for (const text of paragraph.toArray()) {
      if (!(text instanceof Y.XmlText)) continue;
      const words = plainText(text);
      const index = quote ? words.indexOf(quote) : words.trim() === '' ? -1 : 0;
      if (index < 0) continue;
      const length = quote ? quote.length : words.length;
      text.format(index, length, { [commentAnchorKey(thread)]: { thread } });
      return words.slice(index, index + length);
    }
  }
  return null;
}
