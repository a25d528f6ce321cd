import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agreement,
  agreementList,
  deriveLabels,
  doc,
  exportMarkdown,
  exportText,
  importMarkdown,
  importText,
  paragraph,
  type Report,
  subItem,
  subItemList,
  text,
} from '../schema/index';
import { comparable, markedParagraph, reportArbitrary } from './helpers/arbitrary-report';
import { normalizeLayout, ownTextFixtures, RCM_FIXTURE, sharedFileAvailable } from './helpers/fixtures';

const report = (d: Report['doc']): Report => ({ doc: d, settings: { subItemStyle: 'a.' } });
const viaMarkdown = (source: string): string =>
  exportText(importMarkdown(exportMarkdown(importText(source).report)).report);

describe.skipIf(!sharedFileAvailable(RCM_FIXTURE))('the shared fixture through Markdown', () => {
  it('text → Markdown → text is the fixture again', () => {
    const source = readFileSync(RCM_FIXTURE, 'utf8');
    expect(normalizeLayout(viaMarkdown(source))).toBe(normalizeLayout(source));
  });
});

describe('Markdown export', () => {
  it.each(ownTextFixtures())('%s: text → Markdown → text unchanged', (file) => {
    const source = readFileSync(file, 'utf8');
    expect(normalizeLayout(viaMarkdown(source))).toBe(normalizeLayout(source));
  });

  it('writes agreements as a numbered list and nests sub-items with the report’s letters', () => {
    const md = exportMarkdown(
      report(
        doc([
          paragraph('The meeting agreed:'),
          agreementList([
            agreement([paragraph('Thank the hosts.')]),
            agreement(
              [paragraph('Request the secretariat to:')],
              subItemList([subItem([paragraph('circulate;')]), subItem([paragraph('report.')])], '(a)'),
            ),
          ]),
          paragraph('10. is not an agreement'),
        ]),
      ),
    );
    expect(md).toBe(
      [
        'The meeting agreed:',
        '',
        '1. Thank the hosts.',
        '2. Request the secretariat to:',
        '   (a) circulate;',
        '   (b) report.',
        '',
        '10\\. is not an agreement',
        '',
      ].join('\n'),
    );
  });

  it('keeps bold, italic, underline and links, and escapes Markdown in the text', () => {
    const md = exportMarkdown(
      report(
        doc([
          paragraph(
            text('Agreed', [{ type: 'bold' }]),
            text(' with '),
            text('*stars*', [{ type: 'italic' }]),
            text(' see '),
            text('the site', [{ type: 'link', attrs: { href: 'https://example.org/(x)' } }]),
          ),
        ]),
      ),
    );
    expect(md).toBe('**Agreed** with *\\*stars\\** see [the site](https://example.org/%28x%29)\n');
  });
});

describe('Markdown import', () => {
  it('reads a hand-written list: soft-wrapped lines, lazy numbers, lettered sub-items', () => {
    const { report: imported, warnings } = importMarkdown(
      [
        '# REPORT',
        '',
        'Preamble line one',
        'and line two.',
        '',
        '1. First',
        '   agreement.',
        '1. Second:',
        '   a) one;',
        '   b) two.',
      ].join('\n'),
    );
    expect(deriveLabels(imported.doc).map((item) => item.label)).toEqual(['1.', '2.', 'a)', 'b)']);
    expect(exportText(imported)).toBe(
      [
        'REPORT',
        '',
        'Preamble line one and line two.',
        '',
        '1. First agreement.',
        '2. Second:',
        'a) one;',
        'b) two.',
        '',
      ].join('\n'),
    );
    expect(warnings).toEqual(['agreements have been renumbered in document order: line 8: 1. → 2.']);
  });

  it('property: random reports with marks survive Markdown → document → Markdown', () => {
    fc.assert(
      fc.property(reportArbitrary({ maxAgreementsPerList: 8, maxSubItems: 5, paragraph: markedParagraph }), (d) => {
        const first = exportMarkdown(report(d));
        const imported = importMarkdown(first);
        expect(exportMarkdown(imported.report)).toBe(first);
        expect(comparable(imported.report.doc)).toEqual(comparable(d));
      }),
      { numRuns: 150 },
    );
  });
});
