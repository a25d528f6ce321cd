import fc from 'fast-check';
import {
  agreement,
  agreementList,
  type DocJSON,
  doc,
  heading,
  type MarkJSON,
  type NodeJSON,
  paragraph,
  SUB_ITEM_STYLES,
  subItem,
  subItemList,
  text,
} from '../../schema/index';

/** Words that trouble parsers: labels at the start of a sentence, markup, quotes, escapes. */
const TRICKY_WORDS = [
  'Take',
  'note',
  'of',
  'the',
  '"quoted"',
  '“curly”',
  "it's",
  '(a)',
  'b)',
  'c.',
  '12.',
  '3)',
  '<script>alert(1)</script>',
  '&amp;',
  '<',
  '>',
  '[link](x)',
  '*',
  '**',
  '_',
  '\\',
  '#',
  '-',
  '1.',
  'A.',
  'ÉTAT',
  'niño',
  '---',
  '`code`',
  '~',
];
const CHARS = 'abcXYZ019 .,;:()[]<>&*_\\#"\'-+=!?/é'.split('');

const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_WORDS) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 8 }) },
);

/** One line of text: words joined by spaces, trimmed, never empty. */
export const sentence = fc
  .array(word, { minLength: 1, maxLength: 12 })
  .map((words) => words.join(' ').trim())
  .filter((value) => value !== '');

const headingText = fc
  .array(fc.constantFrom('REPORT', 'AGREEMENTS', 'SESSION', 'ON', 'MIGRATION', 'II.', '2024', '(CONT.)'), {
    minLength: 1,
    maxLength: 6,
  })
  .map((words) => `SECTION ${words.join(' ')}`);

const plainParagraph = sentence.map((value) => paragraph(value));

export interface ReportShape {
  doc: DocJSON;
  agreements: number;
  subItems: number;
}

interface Sizes {
  maxAgreementsPerList: number;
  maxSubItems: number;
  paragraph?: fc.Arbitrary<NodeJSON>;
}

/** Random reports: preamble, up to 3 agreement lists (0–60 agreements), 0–30 sub-items each, headings. */
export function reportArbitrary(sizes: Sizes = { maxAgreementsPerList: 20, maxSubItems: 30 }): fc.Arbitrary<DocJSON> {
  const para = sizes.paragraph ?? plainParagraph;
  const item = fc.array(para, { minLength: 1, maxLength: 2 }).map((paragraphs) => subItem(paragraphs));
  const agreementArb = fc
    .record({
      paragraphs: fc.array(para, { minLength: 1, maxLength: 3 }),
      subItems: fc.array(item, { maxLength: sizes.maxSubItems }),
      style: fc.constantFrom(...SUB_ITEM_STYLES),
    })
    .map(({ paragraphs, subItems, style }) =>
      agreement(paragraphs, subItems.length > 0 ? subItemList(subItems, style) : undefined),
    );
  const section = fc.record({
    agreements: fc.array(agreementArb, { minLength: 1, maxLength: sizes.maxAgreementsPerList }),
    after: fc.array(para, { maxLength: 2 }),
    heading: fc.option(headingText, { nil: undefined }),
  });
  return fc
    .record({
      title: fc.option(headingText, { nil: undefined }),
      before: fc.array(para, { maxLength: 3 }),
      sections: fc.array(section, { maxLength: 3 }),
    })
    .map(({ title, before, sections }) => {
      const blocks: NodeJSON[] = [];
      if (title) blocks.push(heading(title));
      blocks.push(...before);
      for (const part of sections) {
        if (part.heading) blocks.push(heading(part.heading));
        const previous = blocks.at(-1);
        // Lists that touch are one list in every layout; the editor never leaves two side by side.
        if (previous?.type === 'agreementList') previous.content!.push(...part.agreements);
        else blocks.push(agreementList(part.agreements));
        blocks.push(...part.after);
      }
      return doc(blocks);
    });
}

const MARK_SETS: MarkJSON[][] = [
  [],
  [{ type: 'bold' }],
  [{ type: 'italic' }],
  [{ type: 'underline' }],
  [{ type: 'bold' }, { type: 'italic' }],
  [{ type: 'bold' }, { type: 'underline' }],
  [{ type: 'link', attrs: { href: 'https://example.org/a_(b)?q=1&r=2' } }],
  [{ type: 'italic' }, { type: 'link', attrs: { href: 'mailto:secretariat@example.org' } }],
];

/** A paragraph of marked runs separated by plain spaces, for the formats that keep marks. */
export const markedParagraph: fc.Arbitrary<NodeJSON> = fc
  .array(fc.record({ value: sentence, marks: fc.constantFrom(...MARK_SETS) }), { minLength: 1, maxLength: 4 })
  .map((runs) => {
    const inline: NodeJSON[] = [];
    runs.forEach((run, index) => {
      if (index > 0) inline.push(text(' '));
      inline.push(text(run.value, run.marks));
    });
    return paragraph(...inline);
  });

/** The document without ids and with adjacent equal runs merged, for comparing two imports. */
export function comparable(node: NodeJSON): unknown {
  const { attrs, content, marks, ...rest } = node;
  const kept = Object.fromEntries(Object.entries(attrs ?? {}).filter(([key, value]) => key !== 'id' && value !== null));
  const result: Record<string, unknown> = { ...rest };
  if (Object.keys(kept).length > 0) result.attrs = kept;
  if (marks && marks.length > 0) {
    result.marks = marks
      .map((mark) => (mark.type === 'link' ? { type: 'link', href: mark.attrs?.href } : { type: mark.type }))
      .sort((a, b) => a.type.localeCompare(b.type));
  }
  if (content) {
    const merged: NodeJSON[] = [];
    for (const child of content) {
      const last = merged.at(-1);
      if (
        last?.type === 'text' &&
        child.type === 'text' &&
        JSON.stringify(last.marks ?? []) === JSON.stringify(child.marks ?? [])
      ) {
        merged[merged.length - 1] = { ...last, text: (last.text ?? '') + (child.text ?? '') };
      } else {
        merged.push(child);
      }
    }
    result.content = merged.map(comparable);
  }
  return result;
}
