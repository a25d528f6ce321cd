import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { delegationColour } from '../colours';
import type { NodeJSON, Report } from '../json';
import { labelsByNode, subItemListOf } from '../labels';
import { proposalOf, proposedItem } from '../negotiation/views';
import { referencesAsText } from '../references/resolve';
import { type ExportOptions, titleBlock } from './export-options';

const require = createRequire(import.meta.url);
/** pdfmake's own Roboto TTFs, embedded in every PDF so it looks the same everywhere. */
const FONTS = require('pdfmake/fonts/Roboto.js') as Record<string, Record<string, string>>;
const FONT_DIR = dirname(FONTS.Roboto!.normal!);

interface PdfMake {
  setFonts(fonts: unknown): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(definition: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let pdfmake: PdfMake | null = null;
function printer(): PdfMake {
  if (!pdfmake) {
    pdfmake = require('pdfmake') as PdfMake;
    pdfmake.setFonts(FONTS);
    // A report never loads anything from the network or the disk beyond its own fonts.
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((path) => path.startsWith(FONT_DIR));
  }
  return pdfmake;
}

function inline(nodes: readonly NodeJSON[]): Content[] {
  return nodes.map((node) => {
    const marks = node.marks ?? [];
    const has = (type: string) => marks.some((mark) => mark.type === type);
    const href = marks.find((mark) => mark.type === 'link')?.attrs?.href;
    // A negotiation text: proposed words in the delegation's colour, underlined, or struck through.
    const proposal = proposalOf(node);
    const decoration = proposal
      ? proposal.kind === 'insertion'
        ? 'underline'
        : 'lineThrough'
      : has('underline') || typeof href === 'string'
        ? 'underline'
        : null;
    return {
      text: node.text ?? '',
      bold: has('bold'),
      italics: has('italic'),
      ...(decoration ? { decoration: decoration as 'underline' | 'lineThrough' } : {}),
      ...(proposal ? { color: delegationColour(proposal.attrs.by) } : {}),
      ...(typeof href === 'string' && /^(https?:|mailto:)/i.test(href) ? { link: href } : {}),
    };
  });
}

/** Who proposed what, in which colour: under a negotiation text, so print and black-and-white still read. */
function legend(nodes: readonly NodeJSON[]): Content[] {
  const delegations = new Set<string>();
  const visit = (node: NodeJSON): void => {
    const proposal = proposalOf(node);
    if (proposal) delegations.add(proposal.attrs.by);
    const item = proposedItem(node);
    if (item) delegations.add(item.by);
    node.content?.forEach(visit);
  };
  nodes.forEach(visit);
  if (delegations.size === 0) return [];
  return [
    { text: 'Proposals', bold: true, margin: [0, 14, 0, 4] },
    {
      text: 'Underlined: proposed for insertion. Struck through: proposed for deletion.',
      fontSize: 9,
      margin: [0, 0, 0, 4],
    },
    ...[...delegations].sort().map((by) => ({ text: `■ ${by}`, color: delegationColour(by), fontSize: 10 })),
  ];
}

const paragraphsOf = (item: NodeJSON): NodeJSON[] => (item.content ?? []).filter((child) => child.type === 'paragraph');

/** A label hanging in its own column beside the item's paragraphs: real text, in reading order. */
function labelled(label: string, item: NodeJSON, indent: number, extra: Content[] = []): Content {
  return {
    margin: [indent, 0, 0, 6],
    columns: [
      { width: label.length > 4 ? 52 : 28, text: label },
      {
        width: '*',
        stack: [
          ...paragraphsOf(item).map((p) => ({
            text: inline(p.content ?? []),
            alignment: 'justify' as const,
            margin: [0, 0, 0, 4] as [number, number, number, number],
          })),
          ...extra,
        ],
      },
    ],
    columnGap: 4,
  };
}

/** A4 PDF of the report: the same labels as the text export, hanging indents, page numbers, embedded fonts, selectable text. */
export async function exportPdf(written: Report, options: ExportOptions = {}): Promise<Uint8Array> {
  const report = { ...written, doc: referencesAsText(written.doc) };
  const { title, meeting, approvalLine } = titleBlock(report, options);
  const content: Content[] = [];
  if (meeting.body) content.push({ text: meeting.body, style: 'body' });
  if (meeting.title) content.push({ text: meeting.title, style: 'title' });
  const where = [meeting.venue, meeting.date].filter(Boolean).join(', ');
  if (where) content.push({ text: where, alignment: 'center', margin: [0, 0, 0, 8] });
  if (approvalLine) content.push({ text: approvalLine, italics: true, alignment: 'center', margin: [0, 0, 0, 12] });
  const labels = labelsByNode(report.doc);
  const label = (node: NodeJSON) => labels.get(node)?.label ?? '';
  for (const block of report.doc.content ?? []) {
    if (block.type === 'heading') content.push({ text: inline(block.content ?? []), style: 'heading' });
    else if (block.type === 'paragraph')
      content.push({ text: inline(block.content ?? []), alignment: 'justify', margin: [0, 0, 0, 6] });
    else if (block.type === 'agreementList') {
      for (const agreement of block.content ?? []) {
        const subs = (subItemListOf(agreement)?.content ?? []).map((sub) => labelled(label(sub), sub, 0));
        content.push(labelled(label(agreement), agreement, 0, subs));
      }
    }
  }
  content.push(...legend(report.doc.content ?? []));
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [64, 64, 64, 64],
    info: { title, creator: 'Accord', producer: 'Accord' },
    defaultStyle: { font: 'Roboto', fontSize: 11, lineHeight: 1.2 },
    styles: {
      body: { fontSize: 13, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      title: { fontSize: 12, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      heading: { bold: true, alignment: 'center', margin: [0, 10, 0, 8] },
    },
    footer: (page: number, pages: number) => ({
      text: `${page} / ${pages}`,
      alignment: 'center',
      fontSize: 9,
      margin: [0, 20, 0, 0],
    }),
    content,
  };
  return new Uint8Array(await printer().createPdf(definition).getBuffer());
}
