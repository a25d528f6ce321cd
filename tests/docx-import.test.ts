import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportDocx } from '../schema/formats/docx-export';
import { importDocx } from '../schema/formats/docx-import';
import { deriveLabels, exportText, InvalidReportError, importText } from '../schema/index';
import { normalizeLayout, OWN_FIXTURES_DIR, ownTextFixtures } from './helpers/fixtures';

/** A report typed in Word by someone else, the way secretariats draft them. */
async function wordDocument(children: (Paragraph | Table)[], numbered = false): Promise<Uint8Array> {
  const document = new Document({
    creator: 'A secretariat officer',
    ...(numbered
      ? {
          numbering: {
            config: [
              {
                reference: 'agreements',
                levels: [
                  { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
                  { level: 1, format: LevelFormat.LOWER_LETTER, text: '%2)', alignment: AlignmentType.START },
                ],
              },
            ],
          },
        }
      : {}),
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

const numbered = (text: string, level: 0 | 1) =>
  new Paragraph({ numbering: { reference: 'agreements', level }, children: [new TextRun(text)] });

describe('DOCX import', () => {
  it.each(['a.', 'a)', '(a)'] as const)(
    'a report whose lists are lettered %s comes back from its own DOCX in that style',
    async (style) => {
      const source = [
        '1. Open the meeting.',
        '2. Decide to:',
        `${style.replace('a', 'a')} act;`,
        `${style.replace('a', 'b')} report.`,
        '3. Close.',
        '',
      ].join('\n');
      const { report } = importText(source);
      const { report: back } = await importDocx(await exportDocx(report));
      expect(exportText(back)).toBe(source);
    },
  );

  it.each([
    ['dot', 'a.', 'b.'],
    ['paren', 'a)', 'b)'],
    ['parens', '(a)', '(b)'],
  ])('a DOCX written by LibreOffice with %s-lettered sub-items keeps its letters', async (name, first, second) => {
    // Made by scripts/make-word-fixtures.sh: LibreOffice's own list numbering, saved as DOCX by LibreOffice.
    const bytes = new Uint8Array(readFileSync(join(OWN_FIXTURES_DIR, 'word', `libreoffice-${name}.docx`)));
    const { report, warnings } = await importDocx(bytes);
    expect(warnings).toEqual([]);
    expect(exportText(report)).toBe(
      [
        'The meeting agreed:',
        '',
        '1. Open the meeting.',
        '2. Request the secretariat to:',
        `${first} circulate the terms of reference;`,
        `${second} report back.`,
        '3. Close the meeting.',
        '',
      ].join('\n'),
    );
  });

  it('a report mixing the three styles, through DOCX, is the same text', async () => {
    const source = readFileSync(ownTextFixtures().find((file) => file.includes('mixed'))!, 'utf8');
    const { report } = await importDocx(await exportDocx(importText(source).report));
    expect(normalizeLayout(exportText(report))).toBe(normalizeLayout(source));
  });

  it('reads Word’s own numbering: level 0 agreements, level 1 sub-items, keeping bold and italic', async () => {
    const bytes = await wordDocument(
      [
        new Paragraph({ children: [new TextRun('The Committee agreed:')] }),
        numbered('Thank the hosts.', 0),
        new Paragraph({
          numbering: { reference: 'agreements', level: 0 },
          children: [new TextRun({ text: 'Request', bold: true }), new TextRun(' the secretariat to:')],
        }),
        numbered('circulate the terms of reference;', 1),
        numbered('report back.', 1),
        numbered('Close the meeting.', 0),
      ],
      true,
    );
    const { report, warnings } = await importDocx(bytes);
    expect(warnings).toEqual([]);
    expect(exportText(report)).toBe(
      [
        'The Committee agreed:',
        '',
        '1. Thank the hosts.',
        '2. Request the secretariat to:',
        // The list's letters as Word's numbering writes them (its level text is `%2)`).
        'a) circulate the terms of reference;',
        'b) report back.',
        '3. Close the meeting.',
        '',
      ].join('\n'),
    );
    const second = report.doc.content![1]!.content![1]!.content![0]!.content![0]!;
    expect(second).toMatchObject({ text: 'Request', marks: [{ type: 'bold' }] });
  });

  it('reads typed numbers and letters, renumbers them with a warning, and leaves out a table with a warning', async () => {
    const bytes = await wordDocument([
      new Paragraph('The meeting agreed as follows:'),
      new Paragraph('1. Open the meeting.'),
      new Paragraph('3. Adopt the agenda:'),
      new Paragraph('(a) item one;'),
      new Paragraph('(b) item two.'),
      new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph('a table cell')] })] })] }),
      new Paragraph('4. Close the meeting.'),
    ]);
    const { report, warnings } = await importDocx(bytes);
    expect(deriveLabels(report.doc).map((item) => item.label)).toEqual(['1.', '2.', '(a)', '(b)', '3.']);
    expect(warnings).toEqual([
      'typed agreement numbers were out of order or repeated and have been renumbered: paragraph 3: 3. → 2.; paragraph 6: 4. → 3.',
      '1 table(s) could not be placed in the report and were left out',
    ]);
    expect(exportText(report)).not.toContain('a table cell');
  });

  it.each([
    [
      'a text file',
      strToU8('Dear delegates, please find the report attached.'),
      /not a DOCX file \(it is not a ZIP archive\)/,
    ],
    [
      'a truncated archive',
      async () => (await wordDocument([new Paragraph('1. One.')])).slice(0, 400),
      /damaged or truncated/,
    ],
    ['a ZIP that is not a Word document', zipSync({ 'notes.txt': strToU8('hello') }), /no word\/document\.xml inside/],
    ['a zip bomb', zipSync({ 'word/document.xml': new Uint8Array(64 * 1024 * 1024) }, { level: 9 }), /zip bomb/],
  ])('refuses %s with a clear error, from the archive directory alone', async (_name, input, message) => {
    const bytes = typeof input === 'function' ? await input() : input;
    await expect(importDocx(bytes)).rejects.toThrow(InvalidReportError);
    await expect(importDocx(bytes)).rejects.toThrow(message);
  });
});
