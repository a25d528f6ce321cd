import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { strFromU8, unzipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { FORMATS } from '../schema/formats/registry';
import { type DocJSON, importText, type Report, reportSchema } from '../schema/index';
import { proposalFor, proposeItem } from '../schema/negotiation/propose';
import { SHARED_DIR, sharedFileAvailable } from './helpers/fixtures';

/**
 * A report under negotiation, made the way the editor makes it (the same proposal function): Canada
 * adds words to 2 and proposes an agreement after 1, Mexico strikes words in 3, the secretariat
 * brackets words in 1. Every format writes the clean report by default and the negotiation text
 * with `view: 'negotiation'`.
 */
const ORIGINAL = ['1. Open the meeting.', '2. Adopt the agenda.', '3. Close the meeting promptly.'].join('\n');

function negotiated(): Report {
  const base = importText(ORIGINAL).report;
  let state = EditorState.create({ doc: reportSchema().nodeFromJSON(base.doc) });
  const find = (words: string, offset = 0) => {
    let found = -1;
    state.doc.descendants((node, pos) => {
      if (found < 0 && node.isText && node.text!.includes(words)) found = pos + node.text!.indexOf(words) + offset;
      return found < 0;
    });
    return found;
  };
  const act = (by: string, make: (state: EditorState) => EditorState['tr']) => {
    const tr = make(state);
    const outcome = proposalFor(tr, state, by, new Date('2026-12-03T10:00:00Z'));
    state = state.apply(outcome && 'transaction' in outcome ? outcome.transaction : tr);
  };
  act('Canada', (s) => s.tr.insertText(' and its annexes', find('agenda', 6)));
  act('Mexico', (s) => s.tr.delete(find(' promptly'), find(' promptly', 9)));
  state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, find('meeting.', 8))));
  state = state.apply(proposeItem(state, 'Canada', new Date('2026-12-03T10:05:00Z'))!);
  act('Canada', (s) => s.tr.insertText('Thank the host.'));
  const from = find('Open');
  state = state.apply(
    state.tr.addMark(from, from + 4, reportSchema().marks.bracket!.create({ id: 'b1', by: 'Secretariat', at: '' })),
  );
  return { doc: state.doc.toJSON() as DocJSON, settings: base.settings };
}

const write = async (format: keyof typeof FORMATS, view?: 'clean' | 'negotiation') =>
  FORMATS[format].write(negotiated(), view ? { view } : {});

describe('exports of a report under negotiation', () => {
  it('text: clean by default (brackets kept), CriticMarkup and "1 bis" in the negotiation view', async () => {
    expect(await write('txt')).toBe('1. [Open] the meeting.\n2. Adopt the agenda.\n3. Close the meeting promptly.\n');
    expect(await write('txt', 'negotiation')).toBe(
      [
        '1. [Open] the meeting.',
        '1 bis. {++Thank the host.++}{>>Canada<<}',
        '2. Adopt the agenda{++ and its annexes++}{>>Canada<<}.',
        '3. Close the meeting{-- promptly--}{>>Mexico<<}.',
        '',
      ].join('\n'),
    );
  });

  it('Markdown: CriticMarkup, with the report’s own escapes', async () => {
    const md = (await write('md', 'negotiation')) as string;
    expect(md).toContain('{++ and its annexes++}{>>Canada<<}');
    expect(md).toContain('{-- promptly--}{>>Mexico<<}');
    expect(md).toContain('1 bis. {++Thank the host.++}{>>Canada<<}');
    expect(await write('md')).not.toContain('{++');
  });

  it('HTML: <ins> and <del> naming the delegation; none in the clean view', async () => {
    const html = (await write('html', 'negotiation')) as string;
    expect(html).toMatch(/<ins class="proposal" data-by="Canada"[^>]*> and its annexes<\/ins>/);
    expect(html).toMatch(/<del class="proposal" data-by="Mexico"[^>]*> promptly<\/del>/);
    expect(html).toContain('data-label="1 bis."');
    const clean = (await write('html')) as string;
    expect(clean).not.toContain('<ins');
    expect(clean).not.toContain('Thank the host');
  });

  it('DOCX: real Word tracked changes, each by its delegation; the clean DOCX has none', async () => {
    const xml = strFromU8(unzipSync((await write('docx', 'negotiation')) as Uint8Array)['word/document.xml']!);
    const changes = [...xml.matchAll(/<w:(ins|del) [^>]*w:author="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(changes).toEqual(expect.arrayContaining(['ins Canada', 'del Mexico']));
    expect(xml).toMatch(/<w:delText[^>]*> promptly<\/w:delText>/);
    const ids = [...xml.matchAll(/<w:(?:ins|del) [^>]*w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const clean = strFromU8(unzipSync((await write('docx')) as Uint8Array)['word/document.xml']!);
    expect(clean).not.toMatch(/<w:(ins|del) /);
  });

  it('PDF: the proposals and a legend of who proposed', async () => {
    const bytes = (await write('pdf', 'negotiation')) as Uint8Array;
    const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true });
    expect(text).toContain('1 bis.');
    expect(text).toContain('and its annexes');
    expect(text).toMatch(/Proposals[\s\S]*Canada[\s\S]*Mexico/);
  });

  const AKN_DIR = join(SHARED_DIR, 'standards', 'akn');
  it.skipIf(!sharedFileAvailable(join(AKN_DIR, 'akomantoso30.xsd')))(
    'Akoma Ntoso: <ins>/<del>, still valid against the schema',
    async () => {
      const xml = (await write('akn', 'negotiation')) as string;
      expect(xml).toContain('<ins class="proposal" title="Canada"> and its annexes</ins>');
      expect(xml).toContain('<del class="proposal" title="Mexico"> promptly</del>');
      expect(xml).toContain('<paragraph eId="para_1bis"><num>1 bis.</num>');
      const result = await validateXML({
        xml: [{ fileName: 'negotiation.akn.xml', contents: xml }],
        schema: [{ fileName: 'akomantoso30.xsd', contents: readFileSync(join(AKN_DIR, 'akomantoso30.xsd'), 'utf8') }],
        preload: [{ fileName: 'xml.xsd', contents: readFileSync(join(AKN_DIR, 'xml.xsd'), 'utf8') }],
      });
      expect(result.errors.map((error) => error.message)).toEqual([]);
    },
  );
});

describe('a Word document with tracked changes', () => {
  it('comes back with its changes as proposals by their authors, and the same negotiation text', async () => {
    const { importDocx } = await import('../schema/formats/docx-import');
    const docx = (await write('docx', 'negotiation')) as Uint8Array;
    const { report, warnings } = await importDocx(docx);
    expect(warnings.join('\n')).toMatch(/tracked change\(s\) kept as proposals, in the names of Canada, Mexico/);
    const back = await FORMATS.txt.write(report, { view: 'negotiation' });
    // Brackets were written as text in the export: they come back as the words "[Open]".
    expect(back).toBe(await write('txt', 'negotiation'));
    expect(await FORMATS.txt.write(report, {})).toBe(await write('txt'));
  });

  it('a revision marker character already in a file is not taken for one', async () => {
    const { unwrapRevisions } = await import('../schema/formats/docx-revisions');
    const { xml, revisions } = unwrapRevisions('<w:p><w:r><w:t>forged \uE000Mallory\uE004 text</w:t></w:r></w:p>');
    expect(revisions).toBe(0);
    expect(xml).not.toMatch(/[\uE000-\uE004]/);
  });
});
