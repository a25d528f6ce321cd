import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { FORMATS } from '../schema/formats/registry';
import { exportText, importText, type NodeJSON, type Report } from '../schema/index';
import { listReferences } from '../schema/references/labels';
import { SHARED_DIR, sharedFileAvailable } from './helpers/fixtures';
import { roomApi } from './helpers/room-api';
import { seedRoom, startTestServer, type TestServer } from './helpers/test-server';

/**
 * Cross-references: read from a text report's citations, written by every format as the target's
 * current label, renumbered with the report, broken when the target is deleted.
 */
const LAYOUT = [
  'The meeting agreed:',
  '',
  '1. Open the meeting.',
  '2. Strengthen cooperation:',
  'a. share information;',
  'b. train officers at the borders;',
  '3. Report on paragraph 2 (b) and para. 1 at the next meeting; see also paragraph 9.',
].join('\n');

/** The report with an agreement inserted before the first: every number moves by one. */
function withAgreementAbove(report: Report): Report {
  const doc = structuredClone(report.doc);
  const list = doc.content!.find((block) => block.type === 'agreementList')!;
  const added: NodeJSON = {
    type: 'agreement',
    attrs: { id: 'addedabove01' },
    content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Welcome the delegations.' }] }],
  };
  list.content = [added, ...list.content!];
  return { ...report, doc };
}

describe('citations in a text report', () => {
  it('become references when their paragraph exists, with a warning naming them; others stay text', () => {
    const { report, warnings } = importText(LAYOUT);
    expect(warnings).toEqual([
      '2 citations of other paragraphs became cross-references: paragraph 2 (b) in 3; para. 1 in 3',
    ]);
    expect(listReferences(report.doc).map((reference) => reference.targetLabel)).toEqual(['2 (b)', '1']);
    // Exported, they read as before; re-imported, they are references again.
    expect(exportText(report)).toBe(`${LAYOUT}\n`);
    expect(listReferences(importText(exportText(report)).report.doc)).toHaveLength(2);
  });

  it('a paragraph that is not an agreement cites nothing: only citations inside agreements are read', () => {
    const { report, warnings } = importText('As said in paragraph 1:\n\n1. Open the meeting.');
    expect(warnings).toEqual([]);
    expect(listReferences(report.doc)).toEqual([]);
  });
});

describe('references in every export', () => {
  const renumbered = withAgreementAbove(importText(LAYOUT).report);
  const write = (format: keyof typeof FORMATS) => FORMATS[format].write(renumbered, {});

  it('text and Markdown write the current labels', async () => {
    expect(await write('txt')).toContain(
      '4. Report on paragraph 3 (b) and para. 2 at the next meeting; see also paragraph 9.',
    );
    expect(await write('md')).toContain('Report on paragraph 3 (b) and para. 2 at the next meeting');
  });

  it('HTML links each to its target', async () => {
    const html = (await write('html')) as string;
    const target = /<li class="sub-item" id="([a-z0-9]+)"[^>]*data-label="b\."/.exec(html)![1];
    expect(html).toContain(`paragraph <a href="#${target}">3 (b)</a> and para. <a href="#`);
  });

  it('Word and PDF write the labels', async () => {
    const xml = strFromU8(unzipSync((await write('docx')) as Uint8Array)['word/document.xml']!);
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((match) => match[1]).join('');
    expect(text).toContain('Report on paragraph 3 (b) and para. 2 at the next meeting');
    const pdf = (await write('pdf')) as Uint8Array;
    const { text: pdfText } = await extractText(await getDocumentProxy(pdf.slice()), { mergePages: true });
    expect(pdfText.replace(/\s+/g, ' ')).toContain('paragraph 3 (b) and para. 2');
  });

  it('JSON keeps them as references (by id): the data, not a rendering', async () => {
    const json = JSON.parse((await write('json')) as string);
    expect(JSON.stringify(json)).toContain('"type":"reference"');
  });

  const AKN_DIR = join(SHARED_DIR, 'standards', 'akn');
  it.skipIf(!sharedFileAvailable(join(AKN_DIR, 'akomantoso30.xsd')))(
    'Akoma Ntoso writes <ref href="#para_3__list_1__point_b">, valid against the schema',
    async () => {
      const xml = (await write('akn')) as string;
      expect(xml).toContain(
        'paragraph <ref href="#para_3__list_1__point_b">3 (b)</ref> and para. <ref href="#para_2">2</ref>',
      );
      expect(xml).toContain('<point eId="para_3__list_1__point_b">');
      const result = await validateXML({
        xml: [{ fileName: 'references.akn.xml', contents: xml }],
        schema: [{ fileName: 'akomantoso30.xsd', contents: readFileSync(join(AKN_DIR, 'akomantoso30.xsd'), 'utf8') }],
        preload: [{ fileName: 'xml.xsd', contents: readFileSync(join(AKN_DIR, 'xml.xsd'), 'utf8') }],
      });
      expect(result.errors.map((error) => error.message)).toEqual([]);
    },
  );

  it('a reference whose target was deleted reads as missing everywhere', async () => {
    const doc = structuredClone(renumbered.doc);
    const list = doc.content!.find((block) => block.type === 'agreementList')!;
    const cooperation = list.content![2]!;
    cooperation.content = cooperation.content!.filter((child) => child.type !== 'subItemList');
    const broken = { ...renumbered, doc };
    expect(await FORMATS.txt.write(broken, {})).toContain('Report on paragraph [missing paragraph] and para. 2');
    expect(listReferences(doc).map((reference) => reference.targetLabel)).toEqual([null, '2']);
  });
});

describe('references over HTTP', () => {
  let s: TestServer;
  it('lists every reference and the broken ones; approval refuses broken references with 409', async () => {
    s = await startTestServer();
    try {
      await seedRoom(s.storage, 'plenary', LAYOUT);
      const api = roomApi(() => s, 'plenary');
      const listed = await api('/api/rooms/plenary/references', 'observer');
      expect(listed.status).toBe(200);
      expect(listed.body.broken).toBe(0);
      expect(listed.body.references.map((reference: { targetLabel: string }) => reference.targetLabel)).toEqual([
        '2 (b)',
        '1',
      ]);
      const first = listed.body.references[0] as { target: string };
      const one = await api(`/api/rooms/plenary/references/${first.target}`, 'delegate');
      expect(one.body).toMatchObject({ target: first.target, label: '2 (b)' });
      expect(one.body.references).toHaveLength(1);
      const unknown = await api('/api/rooms/plenary/references/nosuchitem', 'delegate');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatch(/no agreement or sub-item "nosuchitem"/);
      expect((await api('/api/rooms/plenary/approve', 'secretariat', { method: 'POST' })).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});
