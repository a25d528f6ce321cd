import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { exportAkn } from '../schema/formats/akn-export';
import { exportDocx } from '../schema/formats/docx-export';
import { importDocx } from '../schema/formats/docx-import';
import { exportPdf } from '../schema/formats/pdf-export';
import { deriveLabels, exportText, importText, type Report } from '../schema/index';
import { reportArbitrary } from './helpers/arbitrary-report';
import { normalizeLayout, ownTextFixtures, RCM_FIXTURE, SHARED_DIR, sharedFileAvailable } from './helpers/fixtures';
import { prettyXml } from './helpers/xml';

const mixed = readFileSync(ownTextFixtures().find((file) => file.includes('mixed'))!, 'utf8');
const hasFixture = sharedFileAvailable(RCM_FIXTURE);
const fixture = hasFixture ? readFileSync(RCM_FIXTURE, 'utf8') : '';
const AKN_DIR = join(SHARED_DIR, 'standards', 'akn');
const hasSchema = sharedFileAvailable(join(AKN_DIR, 'akomantoso30.xsd'));

const unzip = (bytes: Uint8Array, name: string): string => strFromU8(unzipSync(bytes)[name]!);

describe('DOCX export', () => {
  it('numbers with a real multi-level definition: decimal agreements, lower-letter sub-items, no typed numbers', async () => {
    const { report } = importText(mixed);
    const bytes = await exportDocx(report);
    const numbering = unzip(bytes, 'word/numbering.xml');
    const document = unzip(bytes, 'word/document.xml');
    const abstracts = numbering.match(/<w:abstractNum [\s\S]*?<\/w:abstractNum>/g) ?? [];
    const reportAbstracts = abstracts.filter((a) => a.includes('<w:numFmt w:val="decimal"/>'));
    expect(reportAbstracts.length).toBeGreaterThan(0);
    for (const abstract of reportAbstracts) {
      expect(abstract).toMatch(
        /<w:lvl w:ilvl="0"[^>]*>(?:(?!<\/w:lvl>)[\s\S])*<w:numFmt w:val="decimal"\/><w:lvlText w:val="%1\."\/>/,
      );
      expect(abstract).toMatch(
        /<w:lvl w:ilvl="1"[^>]*>(?:(?!<\/w:lvl>)[\s\S])*<w:numFmt w:val="lowerLetter"\/><w:lvlText w:val="(%2\.|%2\)|\(%2\))"\/>/,
      );
    }
    // Every agreement paragraph references the one agreement numbering at level 0; sub-items use level 1.
    const numbered = [...document.matchAll(/<w:numPr><w:ilvl w:val="(\d)"\/><w:numId w:val="(\d+)"\/><\/w:numPr>/g)];
    const labels = deriveLabels(report.doc);
    expect(numbered.map((m) => m[1])).toEqual(labels.map((item) => (item.kind === 'agreement' ? '0' : '1')));
    expect(new Set(numbered.filter((m) => m[1] === '0').map((m) => m[2])).size).toBe(1);
    // Each sub-item list is its own instance, so its letters start again at a.
    expect(new Set(numbered.filter((m) => m[1] === '1').map((m) => m[2])).size).toBe(3);
    const texts = [...document.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]);
    expect(texts.some((t) => /^\s*(\d+\.|\(?[a-z]\)|[a-z]\.)\s/.test(t!))).toBe(false);
    // Page numbers and the page size (A4).
    expect(unzip(bytes, 'word/footer1.xml')).toContain('PAGE');
    expect(document).toContain('<w:pgSz w:w="11906" w:h="16838"');
  });

  it('a readable, normalised document.xml of the project’s report', async () => {
    const bytes = await exportDocx(importText(mixed).report);
    await expect(prettyXml(unzip(bytes, 'word/document.xml'))).toMatchFileSnapshot(
      'snapshots/committee-mixed-styles.document.xml',
    );
  });

  it.skipIf(!hasFixture)('a readable, normalised document.xml of the shared fixture', async () => {
    const bytes = await exportDocx(importText(fixture).report);
    await expect(prettyXml(unzip(bytes, 'word/document.xml'))).toMatchFileSnapshot(
      'snapshots/rcm-liaison-network.document.xml',
    );
  });

  it('puts the title block and the approval in the document', async () => {
    const { report } = importText(mixed);
    report.settings.meeting = {
      body: 'Regional Conference on Migration',
      title: 'Technical Committee',
      date: '2024-03-15',
      venue: 'Tegucigalpa',
    };
    const document = unzip(
      await exportDocx(report, { approval: { date: '2024-03-15', by: 'the Secretariat' } }),
      'word/document.xml',
    );
    for (const text of [
      'Regional Conference on Migration',
      'Technical Committee',
      'Tegucigalpa, 2024-03-15',
      'Approved on 2024-03-15 by the Secretariat',
    ]) {
      expect(document).toContain(`>${text}</w:t>`);
    }
  });
});

describe('DOCX round trip', () => {
  it.skipIf(!hasFixture)('the shared fixture → DOCX → import → text is the fixture', async () => {
    const back = await importDocx(await exportDocx(importText(fixture).report));
    expect(back.warnings).toEqual([]);
    expect(normalizeLayout(exportText(back.report))).toBe(normalizeLayout(fixture));
  });

  it('property: random reports (a. style) survive text → DOCX → text', async () => {
    await fc.assert(
      fc.asyncProperty(reportArbitrary({ maxAgreementsPerList: 6, maxSubItems: 4 }), async (doc) => {
        const restyled = JSON.parse(
          JSON.stringify(doc).replaceAll('"style":"(a)"', '"style":"a."').replaceAll('"style":"a)"', '"style":"a."'),
        );
        const report: Report = { doc: restyled, settings: { subItemStyle: 'a.' } };
        const back = await importDocx(await exportDocx(report));
        expect(exportText(back.report)).toBe(exportText(report));
      }),
      { numRuns: 25 },
    );
  });
});

describe('PDF export', () => {
  async function pdfText(report: Report): Promise<string> {
    const bytes = await exportPdf(report);
    expect(strFromU8(bytes.slice(0, 5))).toBe('%PDF-');
    expect(strFromU8(bytes)).toMatch(/\/FontFile2/);
    const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: false });
    // Page footers ("1 / 2") are not report text; a line broken after a hyphen ("Pro-" "Tempore") joins again.
    return (text as string[])
      .map((page) => page.replace(/\n\d+ \/ \d+\s*$/, ''))
      .join('\n')
      .replace(/-\s*\n\s*/g, '-')
      .replace(/\s+/g, ' ');
  }

  for (const [name, source] of [
    ['the project’s report', mixed],
    ['the shared fixture', fixture],
  ] as const) {
    it.skipIf(source === '')(
      `${name}: the extracted text reads like the text export, label by label, in order`,
      async () => {
        const report = importText(source).report;
        const text = await pdfText(report);
        let from = 0;
        for (const line of exportText(report).split('\n')) {
          const expected = line.trim().replace(/\s+/g, ' ');
          if (expected === '') continue;
          const at = text.indexOf(expected, from);
          expect(at, `"${expected}" after position ${from}`).toBeGreaterThanOrEqual(0);
          from = at + expected.length;
        }
      },
    );
  }

  it('is A4 with page numbers', async () => {
    const bytes = await exportPdf(importText(mixed).report);
    const pdf = await getDocumentProxy(bytes.slice());
    const page = await pdf.getPage(1);
    const [, , width, height] = page.view;
    expect([Math.round(width!), Math.round(height!)]).toEqual([595, 842]);
    const { text } = await extractText(pdf, { mergePages: false });
    expect((text as string[]).at(-1)).toMatch(/\d+ \/ \d+/);
  });
});

describe.skipIf(!hasSchema)('Akoma Ntoso export', () => {
  const schema = () => ({
    schema: [{ fileName: 'akomantoso30.xsd', contents: readFileSync(join(AKN_DIR, 'akomantoso30.xsd'), 'utf8') }],
    preload: [{ fileName: 'xml.xsd', contents: readFileSync(join(AKN_DIR, 'xml.xsd'), 'utf8') }],
  });
  const validate = async (xml: string) =>
    validateXML({ xml: [{ fileName: 'report.akn.xml', contents: xml }], ...schema() });
  const eIds = (xml: string) => [...xml.matchAll(/eId="([^"]+)"/g)].map((m) => m[1]);

  it.each([
    ['the project’s report', mixed],
    ['the shared fixture', fixture],
  ])('%s validates against the OASIS schema, with unique eIds', async (_name, source) => {
    if (source === '') return;
    const { report } = importText(source);
    report.settings.meeting = {
      body: 'RCM',
      title: 'Liaison Officer Network',
      date: '2013-06-25',
      venue: 'San José, Costa Rica',
    };
    const xml = exportAkn(report, { approval: { date: '2013-06-26', by: 'the Secretariat' } });
    const result = await validate(xml);
    expect(result.errors.map((error) => error.message)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(new Set(eIds(xml)).size).toBe(eIds(xml).length);
    expect(xml).toContain('<debateReport name="meetingReport">');
    expect(xml).toContain('<paragraph eId="para_1"><num>1.</num>');
  });

  it('the fixture’s sub-items are points of a list in their agreement', () => {
    const xml = exportAkn(importText(mixed).report);
    expect(xml).toContain('<point eId="para_2__list_1__point_a"><num>(a)</num>');
    expect(xml).toContain('<point eId="para_3__list_1__point_b"><num>b)</num>');
  });

  it('property: random reports validate and their eIds are unique', async () => {
    // One validation run for many reports: the schema is parsed once (xmllint is slow to load it).
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);
    const docs = fc.sample(reportArbitrary({ maxAgreementsPerList: 8, maxSubItems: 30 }), { numRuns: 30, seed });
    const files = docs.map((doc, index) => ({
      fileName: `report-${index}.akn.xml`,
      contents: exportAkn({ doc, settings: { subItemStyle: 'a.' } }),
    }));
    const result = await validateXML({ xml: files, ...schema() });
    expect(
      result.errors.map((error) => error.message),
      `seed ${seed}`,
    ).toEqual([]);
    for (const file of files)
      expect(new Set(eIds(file.contents)).size, `seed ${seed}`).toBe(eIds(file.contents).length);
  });
});
