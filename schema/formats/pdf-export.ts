import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { NodeJSON, Report } from '../json';
import { subItemListOf, subItemStyleOf } from '../labels';
import { agreementLabel, subItemLabel } from '../numbering';
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
    return {
      text: node.text ?? '',
      bold: has('bold'),
      italics: has('italic'),
      ...(has('underline') || typeof href === 'string' ? { decoration: 'underline' as const } : {}),
      ...(typeof href === 'string' && /^(https?:|mailto:)/i.test(href) ? { link: href } : {}),
    };
  });
}

const paragraphsOf = (item: NodeJSON): NodeJSON[] => (item.content ?? []).filter((child) => child.type === 'paragraph');

/** A label hanging in its own column beside the item's paragraphs: real text, in reading order. */
function labelled(label: string, item: NodeJSON, indent: number, extra: Content[] = []): Content {
  return {
    margin: [indent, 0, 0, 6],
    columns: [
      { width: 28, text: label },
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
export async function exportPdf(report: Report, options: ExportOptions = {}): Promise<Uint8Array> {
  const { title, meeting, approvalLine } = titleBlock(report, options);
  const content: Content[] = [];
  if (meeting.body) content.push({ text: meeting.body, style: 'body' });
  if (meeting.title) content.push({ text: meeting.title, style: 'title' });
  const where = [meeting.venue, meeting.date].filter(Boolean).join(', ');
  if (where) content.push({ text: where, alignment: 'center', margin: [0, 0, 0, 8] });
  if (approvalLine) content.push({ text: approvalLine, italics: true, alignment: 'center', margin: [0, 0, 0, 12] });
  let agreementNumber = 0;
  for (const block of report.doc.content ?? []) {
    if (block.type === 'heading') content.push({ text: inline(block.content ?? []), style: 'heading' });
    else if (block.type === 'paragraph')
      content.push({ text: inline(block.content ?? []), alignment: 'justify', margin: [0, 0, 0, 6] });
    else if (block.type === 'agreementList') {
      for (const agreement of block.content ?? []) {
        agreementNumber += 1;
        const list = subItemListOf(agreement);
        const style = list ? subItemStyleOf(list) : 'a.';
        const subs = (list?.content ?? []).map((sub, position) => labelled(subItemLabel(position + 1, style), sub, 0));
        content.push(labelled(agreementLabel(agreementNumber), agreement, 0, subs));
      }
    }
  }
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
