import type { Node as PMNode } from '@tiptap/pm/model';
import * as Y from 'yjs';

/** A participant as the server recorded it for a Yjs client id. */
export interface Writer {
  name: string;
  role: string;
  color: string;
}

/** One run of text written by one participant, in ProseMirror positions. */
export interface AuthoredRun {
  from: number;
  to: number;
  writer: Writer | null;
}

export interface Authorship {
  runs: AuthoredRun[];
  /** Each agreement's id → characters per writer name, '' for unknown (its sub-items included). */
  byAgreement: Map<string, Map<string, number>>;
  /** Every writer met, by name (for the legend). */
  writers: Map<string, Writer>;
  /** Client ids met that the writer list did not know (the list is fetched again for them). */
  unknownClients: Set<number>;
}

/**
 * Who wrote each character of the report: every textblock's Y.XmlText items carry the client id that
 * created them, and the server knows whose each client id is. The editor's binding maps each Yjs
 * element to the ProseMirror node it shows, so each item's characters land at known positions.
 * Text that a delegation's proposal was accepted into stays theirs; words never written (a fresh
 * report's import) are the server's.
 */
export function authorshipOf(
  doc: PMNode,
  mapping: Map<Y.AbstractType<unknown>, PMNode | PMNode[]>,
  writers: ReadonlyMap<number, Writer>,
): Authorship {
  const elements = new Map<PMNode, Y.XmlElement>();
  for (const [type, node] of mapping) {
    if (type instanceof Y.XmlElement && !Array.isArray(node) && node.isTextblock) elements.set(node, type);
  }
  const result: Authorship = { runs: [], byAgreement: new Map(), writers: new Map(), unknownClients: new Set() };
  let agreement: string | null = null;
  const add = (from: number, to: number, client: number) => {
    const writer = writers.get(client) ?? null;
    if (!writer) result.unknownClients.add(client);
    const last = result.runs[result.runs.length - 1];
    if (last && last.to === from && last.writer?.name === writer?.name) last.to = to;
    else result.runs.push({ from, to, writer });
    if (writer) result.writers.set(writer.name, writer);
    // Text whose writer the server never recorded (written before it did, or straight into storage)
    // counts as unknown (''): leaving it out would give a delegation a share it does not have.
    const name = writer?.name ?? '';
    if (agreement) {
      const counts = result.byAgreement.get(agreement) ?? new Map<string, number>();
      counts.set(name, (counts.get(name) ?? 0) + (to - from));
      result.byAgreement.set(agreement, counts);
    }
  };
  doc.descendants((node, pos, parent) => {
    if (node.type.name === 'agreement' && parent?.type.name === 'agreementList')
      agreement = typeof node.attrs.id === 'string' ? node.attrs.id : null;
    if (!node.isTextblock) return true;
    const element = elements.get(node);
    if (!element) return false;
    let offset = pos + 1;
    for (const child of element.toArray()) {
      if (child instanceof Y.XmlText) {
        for (let item = child._start; item; item = item.right) {
          if (item.deleted || !item.countable) continue;
          add(offset, offset + item.length, item.id.client);
          offset += item.length;
        }
      } else {
        // An inline node (a reference): one position, written by whoever inserted it.
        if (child._item) add(offset, offset + 1, child._item.id.client);
        offset += 1;
      }
    }
    return false;
  });
  return result;
}

/** "Mexico 60 %, Canada 40 %": the largest shares first, rounded, small ones left out. */
export function sharesText(
  counts: ReadonlyMap<string, number>,
  format: (name: string, percent: number) => string,
): string {
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return '';
  return [...counts]
    .map(([name, count]) => ({ name, percent: Math.round((100 * count) / total) }))
    .filter((share) => share.percent > 0)
    .sort((a, b) => b.percent - a.percent || a.name.localeCompare(b.name))
    .slice(0, 4)
    .map((share) => format(share.name, share.percent))
    .join(', ');
}
