import fc from 'fast-check';
import { unzipSync } from 'fflate';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { FORMATS } from '../schema/formats/registry';
import type { NodeJSON, Report } from '../schema/index';

/**
 * Hostile text in a report (from a delegate, a raw client or an imported file) must not break any
 * export: XML formats stay well-formed, links only ever point at http(s), mailto or an anchor, and
 * Markdown read with HTML disabled has no link or raw HTML the writer did not mean.
 */

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);
const HOSTILE_HREFS = [
  'javascript:alert(1)',
  ' JavaScript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'https://example.org/a\n<script>alert(1)</script>',
  'https://example.org/a) [x](javascript:alert(1)',
  'mailto:a@b.c"><script>',
  'vbscript:msgbox',
  'https://example.org/\u0000\uFFFE',
];

/** Any UTF-16 code unit (lone surrogates, NUL, U+FFFE included) or any code point. */
const anyText = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('<script>alert(1)</script>', ']]>', '&amp;', '\n<script>\n', '{{x}}', ...HOSTILE_HREFS),
);

const hostileReport = fc
  .record({
    preamble: anyText,
    agreement: anyText,
    linked: anyText,
    href: fc.oneof(
      fc.constantFrom(...HOSTILE_HREFS),
      anyText.map((text) => `https://example.org/${text}`),
    ),
    venue: anyText,
    title: anyText,
  })
  .map(({ preamble, agreement, linked, href, venue, title }): Report => {
    const text = (value: string, marks?: NodeJSON['marks']): NodeJSON[] =>
      value === '' ? [] : [{ type: 'text', text: value, ...(marks ? { marks } : {}) }];
    return {
      doc: {
        type: 'doc',
        content: [
          { type: 'paragraph', content: text(preamble) },
          {
            type: 'agreementList',
            content: [
              {
                type: 'agreement',
                attrs: { id: 'a1', status: 'open' },
                content: [
                  {
                    type: 'paragraph',
                    content: [
                      ...text(agreement),
                      ...text(linked || 'link', [{ type: 'link', attrs: { href } }]),
                      ...text('\n<script>alert(1)</script>'),
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
      settings: { subItemStyle: 'a.', meeting: { venue, title } },
    };
  });

/** Whether text holds a character XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE, U+FFFF, lone surrogates). */
function hasForbidden(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
    if (code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}

/** Link addresses (`<a href>`; Akoma Ntoso's own ontology references are not links). */
function hrefsIn(markup: string): string[] {
  return [...markup.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((match) => match[1]!);
}

function expectSafeHrefs(hrefs: string[], context: string): void {
  for (const href of hrefs) expect(href, context).toMatch(/^(https?:|mailto:|#)/i);
}

async function wellFormed(files: { fileName: string; contents: string }[]): Promise<string[]> {
  const result = await validateXML({ xml: files, normalization: 'format' });
  return result.errors.map((error) => error.message);
}

describe(`every exporter survives text from the whole of Unicode (seed ${SEED})`, () => {
  const reports = fc.sample(hostileReport, { numRuns: 25, seed: SEED });

  it('Akoma Ntoso is well-formed XML and links only to http(s), mailto or anchors', async () => {
    const files = await Promise.all(
      reports.map(async (report, index) => ({
        fileName: `report-${index}.xml`,
        contents: (await FORMATS.akn.write(report, {})) as string,
      })),
    );
    expect(await wellFormed(files), `seed ${SEED}`).toEqual([]);
    for (const file of files) expectSafeHrefs(hrefsIn(file.contents), `seed ${SEED}`);
  });

  it('DOCX: document.xml is well-formed and hyperlinks are safe', async () => {
    const files: { fileName: string; contents: string }[] = [];
    for (const [index, report] of reports.slice(0, 10).entries()) {
      const bytes = (await FORMATS.docx.write(report, {
        approval: { date: '2026-12-03', by: 'Sec\u0000' },
      })) as Uint8Array;
      const parts = unzipSync(bytes);
      const documentXml = new TextDecoder().decode(parts['word/document.xml']!);
      expect(hasForbidden(documentXml), `seed ${SEED}`).toBe(false);
      files.push({ fileName: `document-${index}.xml`, contents: documentXml });
      const rels = new TextDecoder().decode(parts['word/_rels/document.xml.rels']!);
      for (const target of [...rels.matchAll(/Target="([^"]*)"[^>]*TargetMode="External"/g)].map((m) => m[1]!))
        expect(target, `seed ${SEED}`).toMatch(/^(https?:|mailto:)/i);
    }
    expect(await wellFormed(files), `seed ${SEED}`).toEqual([]);
  });

  it('HTML has only safe links and no script the report did not escape', async () => {
    for (const report of reports) {
      const html = (await FORMATS.html.write(report, {})) as string;
      expectSafeHrefs(hrefsIn(html), `seed ${SEED}`);
      expect(html, `seed ${SEED}`).not.toContain('<script>');
      expect(hasForbidden(html), `seed ${SEED}`).toBe(false);
    }
  });

  it('Markdown, read with HTML disabled, has safe links only and the script stays text', async () => {
    const reader = new MarkdownIt({ html: false, linkify: false });
    const permissive = new MarkdownIt({ html: true, linkify: false });
    for (const report of reports) {
      const markdown = (await FORMATS.md.write(report, {})) as string;
      const rendered = reader.render(markdown);
      expectSafeHrefs(hrefsIn(rendered), `seed ${SEED}: ${markdown}`);
      expect(rendered, `seed ${SEED}`).not.toContain('<script>');
      // The link is still one link: its address did not end early and let text become markup.
      expect(hrefsIn(rendered).length, `seed ${SEED}: ${markdown}`).toBeLessThanOrEqual(1);
      // Even a reader that lets HTML through finds no script element: nothing ended a link early.
      expect(permissive.render(markdown), `seed ${SEED}: ${markdown}`).not.toMatch(/<script/i);
    }
  });

  it('plain text and JSON carry no character a file should not', async () => {
    for (const report of reports) {
      expect(hasForbidden((await FORMATS.txt.write(report, {})) as string), `seed ${SEED}`).toBe(false);
      const json = (await FORMATS.json.write(report, {})) as string;
      expect(() => JSON.parse(json)).not.toThrow();
    }
  });

  it('PDF is written for hostile text too', async () => {
    for (const report of reports.slice(0, 3)) {
      const bytes = (await FORMATS.pdf.write(report, {})) as Uint8Array;
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    }
  });
});
