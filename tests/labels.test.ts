import { describe, expect, it } from 'vitest';
import { agreement, agreementList, deriveLabels, doc, paragraph, subItem, subItemList } from '../schema/index';

const item = (id: string, subs: string[] = [], style: '(a)' | 'a.' | 'a)' = 'a.') =>
  agreement(
    [paragraph(`agreement ${id}`)],
    subs.length
      ? subItemList(
          subs.map((s) => subItem([paragraph(s)], s)),
          style,
        )
      : undefined,
    id,
  );

describe('deriveLabels', () => {
  it('numbers agreements through every list of the report and letters sub-items per agreement', () => {
    const report = doc([
      paragraph('preamble'),
      agreementList([item('one'), item('two', ['2a', '2b'], '(a)')]),
      paragraph('between'),
      agreementList([item('three', ['3a'], 'a)')]),
    ]);
    expect(deriveLabels(report).map((entry) => [entry.id, entry.label, entry.reference])).toEqual([
      ['one', '1.', '1'],
      ['two', '2.', '2'],
      ['2a', '(a)', '2.a'],
      ['2b', '(b)', '2.b'],
      ['three', '3.', '3'],
      ['3a', 'a)', '3.a'],
    ]);
  });

  it('an empty report has no labels', () => {
    expect(deriveLabels(doc([]))).toEqual([]);
  });
});
