import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportText, importText, REPORT_FIELD, reportToYDoc, yDocToReport } from '../schema/index';
import { openNegotiation } from '../schema/negotiation/open-items';
import { viewOf } from '../schema/negotiation/views';
import { decideProposal } from '../sync-server/negotiation/decide';

/**
 * Property: delegations propose (insertions with unique words, deletions) on their own copies while
 * the secretariat accepts and rejects on the server's, updates arriving in any order. Every copy
 * converges on the same report, and the clean view never holds the words of a rejected insertion.
 */
const BASE = importText(['1. Open the meeting.', '2. Adopt the agenda.', '3. Close the meeting.'].join('\n')).report;

function texts(doc: Y.Doc): Y.XmlText[] {
  const found: Y.XmlText[] = [];
  const visit = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) found.push(child);
      else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(doc.getXmlFragment(REPORT_FIELD));
  return found;
}

type Op =
  | { kind: 'insert'; client: number; target: number; at: number }
  | { kind: 'delete'; client: number; target: number; at: number; length: number }
  | { kind: 'decide'; pick: number; accept: boolean }
  | { kind: 'sync'; client: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), client: fc.nat(2), target: fc.nat(), at: fc.nat() }),
  fc.record({
    kind: fc.constant('delete' as const),
    client: fc.nat(2),
    target: fc.nat(),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ kind: fc.constant('decide' as const), pick: fc.nat(), accept: fc.boolean() }),
  fc.record({ kind: fc.constant('sync' as const), client: fc.nat(2) }),
);

describe('negotiation converges', () => {
  it('property: any interleaving of proposals, accepts and rejects converges; rejected words never read as adopted', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const server = reportToYDoc(BASE);
        const delegations = ['Canada', 'Mexico', 'Panama'];
        const clients = delegations.map(() => {
          const doc = new Y.Doc();
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
          return doc;
        });
        const sync = (doc: Y.Doc) => {
          Y.applyUpdate(server, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)));
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
        };
        const rejected = new Set<string>();
        let words = 0;
        for (const step of ops) {
          if (step.kind === 'sync') sync(clients[step.client]!);
          else if (step.kind === 'decide') {
            const open = openNegotiation(yDocToReport(server).doc).proposals;
            if (open.length === 0) continue;
            const proposal = open[step.pick % open.length]!;
            server.transact(() => decideProposal(server, proposal.id, step.accept ? 'accept' : 'reject'));
            if (!step.accept && proposal.kind === 'insert')
              for (const word of proposal.text.match(/w\d+/g) ?? []) rejected.add(word);
          } else {
            const doc = clients[step.client]!;
            const all = texts(doc).filter((text) => text.length > 0);
            if (all.length === 0) continue;
            const text = all[step.target % all.length]!;
            const by = delegations[step.client]!;
            const at = step.at % (text.length + 1);
            if (step.kind === 'insert') {
              words += 1;
              text.insert(at, ` w${words}`, { insertion: { id: `${by}-${words}`, by, at: '' } });
            } else {
              const length = Math.min(step.length, text.length - Math.min(at, text.length - 1));
              if (length > 0)
                text.format(Math.min(at, text.length - 1), length, {
                  deletion: { id: `${by}-d${words++}`, by, at: '' },
                });
            }
          }
        }
        for (let round = 0; round < 2; round++) for (const doc of clients) sync(doc);
        const expected = exportText(yDocToReport(server));
        for (const doc of clients) expect(exportText(yDocToReport(doc))).toBe(expected);
        const clean = exportText(viewOf(yDocToReport(server), 'clean'));
        for (const word of rejected) expect(clean.split(/\W+/)).not.toContain(word);
      }),
      { numRuns: 150 },
    );
  });
});

describe('"bis" numbering under concurrent proposals', () => {
  it('property: proposed agreements from several delegations at once number after the adopted ones and shift nobody, the same everywhere', async () => {
    const { deriveLabels } = await import('../schema/index');
    const base = importText(['1. One.', '2. Two.', '3. Three.', '4. Four.'].join('\n')).report;
    const place = fc.record({ client: fc.nat(2), after: fc.nat(5) });
    fc.assert(
      fc.property(
        fc.array(place, { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(9), { maxLength: 4 }),
        (places, accepts) => {
          const server = reportToYDoc(base);
          const delegations = ['Canada', 'Mexico', 'Panama'];
          const clients = delegations.map(() => {
            const doc = new Y.Doc();
            Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
            return doc;
          });
          // Every delegation proposes offline, at once, after some agreement of what it sees.
          places.forEach(({ client, after }, n) => {
            const doc = clients[client]!;
            const list = doc.getXmlFragment(REPORT_FIELD).get(0) as Y.XmlElement;
            const by = delegations[client]!;
            const attrs = { id: `${by}-${n}`, by, at: '' };
            const item = new Y.XmlElement('agreement');
            item.setAttribute('id', `x${n}`);
            item.setAttribute('insertion', attrs as unknown as string);
            const paragraph = new Y.XmlElement('paragraph');
            const text = new Y.XmlText();
            text.insert(0, `Proposal ${n}.`, { insertion: attrs });
            paragraph.insert(0, [text]);
            item.insert(0, [paragraph]);
            list.insert(Math.min(after, list.length), [item]);
          });
          const sync = (doc: Y.Doc) => {
            Y.applyUpdate(server, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)));
            Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
          };
          for (const doc of clients) sync(doc);
          // The secretariat accepts some of them; everyone follows.
          let accepted = 0;
          for (const pick of accepts) {
            const open = openNegotiation(yDocToReport(server).doc).proposals;
            if (open.length === 0) continue;
            server.transact(() => decideProposal(server, open[pick % open.length]!.id, 'accept'));
            accepted += 1;
          }
          for (const doc of clients) sync(doc);
          const labels = (doc: Y.Doc) => deriveLabels(yDocToReport(doc).doc).map((item) => item.label);
          const expected = labels(server);
          for (const doc of clients) expect(labels(doc)).toEqual(expected);
          // Adopted agreements are numbered 1, 2, 3… in order; each proposal is "N bis/ter…" after the last adopted one.
          let adopted = 0;
          let run = 0;
          for (const label of expected) {
            const plain = /^(\d+)\.$/.exec(label);
            if (plain) {
              adopted += 1;
              run = 0;
              expect(Number(plain[1])).toBe(adopted);
            } else {
              run += 1;
              expect(label).toBe(
                `${adopted} ${['bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'novies', 'decies'][run - 1] ?? String(run + 1)}.`,
              );
            }
          }
          expect(adopted).toBe(4 + accepted);
        },
      ),
      { numRuns: 150 },
    );
  });
});
