import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DocJSON, deriveLabels, exportHtml, importText, type NodeJSON, type Report } from '../schema/index';
import { markedParagraph, reportArbitrary } from './helpers/arbitrary-report';
import { ownTextFixtures } from './helpers/fixtures';

const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

/** The same report with every character that HTML treats specially replaced by a harmless one. */
function defanged(doc: DocJSON): DocJSON {
  const visit = (node: NodeJSON): NodeJSON => ({
    ...node,
    ...(node.text !== undefined ? { text: node.text.replace(/[<>&"']/g, 'x') } : {}),
    ...(node.content ? { content: node.content.map(visit) } : {}),
  });
  return visit(doc) as DocJSON;
}

describe('HTML export', () => {
  const source = readFileSync(ownTextFixtures().find((file) => file.includes('mixed'))!, 'utf8');
  const { report } = importText(source);
  const html = exportHtml(report);

  it('is a self-contained page: no scripts, no external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html).toContain('@page { size: A4');
  });

  it('lists agreements in ordered lists with the report’s labels and stable ids as anchors', () => {
    for (const item of deriveLabels(report.doc)) {
      expect(html).toContain(`id="${item.id}" data-id="${item.id}"`);
      expect(html).toContain(`data-label="${item.label}"><span class="label">${item.label}</span>`);
    }
    // The second list continues the numbering of the first.
    expect(html).toContain('<ol class="agreements" start="5">');
  });

  it('escapes the text of the report', () => {
    expect(html).toContain('&#60;on line&#62; &#38; in person');
    expect(html).toContain('&#34;Sembrando Vidas&#34;');
  });

  it('property: never emits a < > or & that came from the content', () => {
    fc.assert(
      fc.property(reportArbitrary({ maxAgreementsPerList: 6, maxSubItems: 4, paragraph: markedParagraph }), (doc) => {
        const withContent = exportHtml({ doc, settings: { subItemStyle: '(a)' } } as Report);
        const withoutContent = exportHtml({ doc: defanged(doc), settings: { subItemStyle: '(a)' } } as Report);
        for (const char of ['<', '>', '"']) expect(count(withContent, char)).toBe(count(withoutContent, char));
        expect(withContent).not.toMatch(/<script/i);
      }),
      { numRuns: 100 },
    );
  });

  it('drops links to javascript: and keeps their text', () => {
    const html = exportHtml({
      doc: {
        type: 'doc',
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
            ],
          },
        ],
      },
      settings: { subItemStyle: 'a.' },
    });
    expect(html).toContain('<p>click</p>');
    expect(html).not.toContain('javascript:');
  });
});
