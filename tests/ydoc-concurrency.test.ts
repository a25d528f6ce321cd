import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deriveLabels, exportText, importText, REPORT_FIELD, reportToYDoc, yDocToReport } from '../schema/index';

const SOURCE = ['The meeting agreed:', '', '1. One.', '2. Two.', 'a. two-a', '3. Three.', '4. Four.'].join('\n');

/** An agreement built the way TipTap's Collaboration binding stores it. */
function agreementElement(id: string, words: string): Y.XmlElement {
  const element = new Y.XmlElement('agreement');
  element.setAttribute('id', id);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(words)]);
  element.insert(0, [paragraph]);
  return element;
}

function agreementList(ydoc: Y.Doc): Y.XmlElement {
  const list = ydoc
    .getXmlFragment(REPORT_FIELD)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === 'agreementList');
  if (!(list instanceof Y.XmlElement)) throw new Error('no agreement list');
  return list;
}

/** Two replicas of one report, linked so that updates travel only when the test says. */
function replicas(): [Y.Doc, Y.Doc] {
  const a = reportToYDoc(importText(SOURCE).report);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}

describe('Y.Doc ↔ document', () => {
  it('reads back exactly what was written', () => {
    const { report } = importText(SOURCE);
    expect(yDocToReport(reportToYDoc(report))).toEqual(report);
  });

  it('an empty Y.Doc is an empty report', () => {
    expect(exportText(yDocToReport(new Y.Doc()))).toBe('\n');
  });
});

describe('concurrent inserts of agreements', () => {
  it('two delegations inserting at the same place both see one correct 1..n, whichever update arrives first', () => {
    for (const order of ['a-first', 'b-first'] as const) {
      const [a, b] = replicas();
      const updates: { from: 'a' | 'b'; update: Uint8Array }[] = [];
      a.on('update', (update: Uint8Array) => updates.push({ from: 'a', update }));
      b.on('update', (update: Uint8Array) => updates.push({ from: 'b', update }));
      agreementList(a).insert(2, [agreementElement('from-a', 'Inserted by Canada.')]);
      agreementList(b).insert(2, [agreementElement('from-b', 'Inserted by Mexico.')]);
      const pending = updates.splice(0);
      if (order === 'b-first') pending.reverse();
      for (const { from, update } of pending) Y.applyUpdate(from === 'a' ? b : a, update);

      const textA = exportText(yDocToReport(a));
      expect(exportText(yDocToReport(b))).toBe(textA);
      const agreements = deriveLabels(yDocToReport(a).doc).filter((item) => item.kind === 'agreement');
      expect(agreements.map((item) => item.label)).toEqual(['1.', '2.', '3.', '4.', '5.', '6.']);
      expect(agreements.map((item) => item.id)).toEqual(expect.arrayContaining(['from-a', 'from-b']));
      expect(textA).toContain('a. two-a');
    }
  });

  it('property: any inserts and deletes on two replicas, delivered in any order, converge with labels 1..n', () => {
    const op = fc.record({ side: fc.constantFrom('a', 'b'), at: fc.nat(), remove: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 24 }), (ops, shuffle) => {
        const [a, b] = replicas();
        const queue: { to: Y.Doc; update: Uint8Array }[] = [];
        a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'link' && queue.push({ to: b, update }));
        b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'link' && queue.push({ to: a, update }));
        ops.forEach(({ side, at, remove }, index) => {
          const list = agreementList(side === 'a' ? a : b);
          if (remove && list.length > 1) list.delete(at % list.length, 1);
          else list.insert(at % (list.length + 1), [agreementElement(`${side}${index}`, `Agreement ${index}.`)]);
        });
        // Deliver the queued updates in a shuffled order: Yjs must not care.
        for (const pick of shuffle) {
          if (queue.length === 0) break;
          const [next] = queue.splice(pick % queue.length, 1);
          Y.applyUpdate(next!.to, next!.update, 'link');
        }
        for (const { to, update } of queue.splice(0)) Y.applyUpdate(to, update, 'link');

        const reportA = yDocToReport(a);
        expect(yDocToReport(b)).toEqual(reportA);
        const numbers = deriveLabels(reportA.doc)
          .filter((item) => item.kind === 'agreement')
          .map((item) => item.agreementNumber);
        expect(numbers).toEqual(numbers.map((_, index) => index + 1));
      }),
      { numRuns: 100 },
    );
  });
});
