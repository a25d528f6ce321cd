import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportJson, exportText, InvalidReportError, importJson, importText, type Report } from '../schema/index';
import { comparable, markedParagraph, reportArbitrary } from './helpers/arbitrary-report';
import { normalizeLayout, ownTextFixtures, RCM_FIXTURE, sharedFileAvailable } from './helpers/fixtures';

const viaJson = (source: string): string => exportText(importJson(exportJson(importText(source).report)).report);

describe('JSON', () => {
  it.skipIf(!sharedFileAvailable(RCM_FIXTURE))('the shared fixture: text → JSON → text unchanged', () => {
    const source = readFileSync(RCM_FIXTURE, 'utf8');
    expect(normalizeLayout(viaJson(source))).toBe(normalizeLayout(source));
  });

  it.each(ownTextFixtures())('%s: text → JSON → text unchanged', (file) => {
    const source = readFileSync(file, 'utf8');
    expect(normalizeLayout(viaJson(source))).toBe(normalizeLayout(source));
  });

  it('keeps the ids and the settings', () => {
    const { report } = importText('1. One\na) sub\n');
    report.settings.subItemStyle = '(a)';
    const back = importJson(exportJson(report));
    expect(back.warnings).toEqual([]);
    expect(back.report).toEqual(report);
  });

  it('property: random reports with marks survive JSON exactly', () => {
    fc.assert(
      fc.property(reportArbitrary({ maxAgreementsPerList: 8, maxSubItems: 5, paragraph: markedParagraph }), (doc) => {
        const report: Report = { doc, settings: { subItemStyle: 'a)' } };
        const back = importJson(exportJson(report));
        expect(comparable(back.report.doc)).toEqual(comparable(doc));
        expect(back.report.settings).toEqual(report.settings);
      }),
      { numRuns: 50 },
    );
  });

  it('replaces repeated ids and says so', () => {
    const { report } = importText('1. One\n2. Two\n');
    const list = report.doc.content![0]!;
    list.content![1]!.attrs = { id: list.content![0]!.attrs!.id };
    const back = importJson(exportJson(report));
    const ids = back.report.doc.content![0]!.content!.map((a) => a.attrs!.id);
    expect(new Set(ids).size).toBe(2);
    expect(back.warnings).toEqual(['1 agreement or sub-item id(s) were missing or repeated and have been replaced']);
  });

  it.each([
    ['not JSON', '{"format":', /not valid JSON/],
    ['an array', '[]', /expected a JSON object/],
    ['another kind of file', '{"name":"x"}', /not an Accord report/],
    ['a newer layout', '{"format":"accord-report","version":99,"doc":{}}', /newer than this Accord reads/],
    [
      'a sub-item outside an agreement',
      '{"type":"doc","content":[{"type":"subItem","content":[{"type":"paragraph"}]}]}',
      /does not fit the report schema/,
    ],
    ['an unknown node', '{"type":"doc","content":[{"type":"table"}]}', /does not fit the report schema/],
  ])('refuses %s with a reason', (_name, source, message) => {
    expect(() => importJson(source)).toThrow(InvalidReportError);
    expect(() => importJson(source)).toThrow(message);
  });
});
