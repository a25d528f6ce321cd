import {
  AlignmentType,
  DeletedTextRun,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  InsertedTextRun,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from 'docx';
import { isSafeHref } from '../extensions';
import type { NodeJSON, Report } from '../json';
import { type LabelledItem, labelsByNode, subItemListOf, subItemStyleOf } from '../labels';
import { proposalOf, proposedItem } from '../negotiation/views';
import { SUB_ITEM_STYLES, type SubItemStyle } from '../numbering';
import { referencesAsText } from '../references/resolve';
import { WordComments } from './docx-comments';
import { type ExportOptions, titleBlock } from './export-options';

/** Word's lvlText for each sub-item style: the letters stay real numbering, never typed text. */
const LETTER_TEXT: Record<SubItemStyle, string> = { 'a.': '%2.', 'a)': '%2)', '(a)': '(%2)' };
const numberingReference = (style: SubItemStyle): string => `report-${SUB_ITEM_STYLES.indexOf(style)}`;

const FONT = 'Times New Roman';
/** Indents in twips: agreements hang their number in 0.5", sub-items a further 0.5". */
const INDENT = { agreement: { left: 720, hanging: 720 }, subItem: { left: 1440, hanging: 720 } };

/**
 * Word's tracked changes need a number per change, unique in the document; proposals are numbered as
 * they are met. Word's Review pane then lists each under its author: the delegation.
 */
class RevisionIds {
  private next = 1;
  /** The comment threads printed as Word comments, when the export asked for them. */
  constructor(readonly comments: WordComments | null = null) {}
  take(): number {
    return this.next++;
  }
}

function runs(nodes: readonly NodeJSON[], revisions: RevisionIds): ParagraphChild[] {
  const children: ParagraphChild[] = [];
  for (const node of nodes) {
    const marks = node.marks ?? [];
    const has = (type: string) => marks.some((mark) => mark.type === type);
    const options = {
      text: node.text ?? '',
      bold: has('bold'),
      italics: has('italics') || has('italic'),
      ...(has('underline') ? { underline: {} } : {}),
      ...(marks.some((mark) => mark.type === 'link') ? { style: 'Hyperlink' } : {}),
    };
    const comments = revisions.comments;
    if (comments) children.push(...comments.before(node));
    const proposal = proposalOf(node);
    if (proposal) {
      const change = { id: revisions.take(), author: proposal.attrs.by, date: wordDate(proposal.attrs.at) };
      children.push(
        proposal.kind === 'insertion'
          ? new InsertedTextRun({ ...options, ...change })
          : new DeletedTextRun({ ...options, ...change }),
      );
    } else {
      const run = new TextRun(options);
      const href = marks.find((mark) => mark.type === 'link')?.attrs?.href;
      children.push(isSafeHref(href) ? new ExternalHyperlink({ link: href, children: [run] }) : run);
    }
    if (comments) children.push(...comments.after(node));
  }
  return children;
}

/** Word wants `2026-12-03T10:00:00Z`; a proposal's time may be missing or malformed. */
function wordDate(at: string): string {
  const time = Date.parse(at);
  return Number.isNaN(time)
    ? new Date(0).toISOString().replace(/\.\d{3}Z$/, 'Z')
    : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const paragraphsOf = (item: NodeJSON): NodeJSON[] => (item.content ?? []).filter((child) => child.type === 'paragraph');

/** An item's paragraphs: the first carries its number, the others are indented under its text. */
function numbered(
  item: NodeJSON,
  numbering: { reference: string; level: 0 | 1; instance: number },
  left: number,
  revisions: RevisionIds,
  label: LabelledItem | undefined,
): Paragraph[] {
  // A proposed item (`5 bis`) is not counted by Word's numbering: its label is written as text, so
  // the agreements after it keep their numbers, as they do in the report.
  const proposed = proposedItem(item);
  return paragraphsOf(item).map(
    (paragraph, index) =>
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        spacing: { after: 120 },
        ...(index === 0 && !proposed ? { numbering } : { indent: index === 0 ? { left, hanging: 720 } : { left } }),
        children: [
          ...(index === 0 && proposed && label
            ? [
                new InsertedTextRun({
                  text: `${label.label}\t`,
                  id: revisions.take(),
                  author: proposed.by,
                  date: wordDate(proposed.at),
                }),
              ]
            : []),
          ...runs(paragraph.content ?? [], revisions),
        ],
      }),
  );
}

/**
 * A Word document of the report: agreements and sub-items use a real multi-level numbering
 * definition (level 0 decimal `1.`, level 1 lower-letter in the list's own style), with hanging
 * indents; every sub-item list is its own numbering instance so its letters restart at `a`, while all
 * agreements share one instance so they count on through the whole report. Title block from the
 * meeting settings, page numbers in the footer.
 */
export async function exportDocx(written: Report, options: ExportOptions = {}): Promise<Uint8Array> {
  const report = { ...written, doc: referencesAsText(written.doc) };
  const { meeting, approvalLine } = titleBlock(report, options);
  const agreementStyle = report.settings.subItemStyle;
  const body: Paragraph[] = [];
  const centered = (text: string, extra: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [new TextRun({ text, ...extra })],
    });
  if (meeting.body) body.push(centered(meeting.body, { bold: true, size: 28 }));
  if (meeting.title) body.push(centered(meeting.title, { bold: true }));
  const where = [meeting.venue, meeting.date].filter(Boolean).join(', ');
  if (where) body.push(centered(where));
  if (approvalLine) body.push(centered(approvalLine, { italics: true }));

  let subListInstance = 0;
  const comments = options.comments ? new WordComments(report.doc, options.comments) : null;
  const revisions = new RevisionIds(comments);
  const labels = labelsByNode(report.doc);
  for (const block of report.doc.content ?? []) {
    if (block.type === 'heading') {
      body.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          alignment: AlignmentType.CENTER,
          children: runs(block.content ?? [], revisions),
        }),
      );
    } else if (block.type === 'paragraph') {
      body.push(
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: { after: 120 },
          children: runs(block.content ?? [], revisions),
        }),
      );
    } else if (block.type === 'agreementList') {
      for (const agreement of block.content ?? []) {
        body.push(
          ...numbered(
            agreement,
            { reference: numberingReference(agreementStyle), level: 0, instance: 0 },
            INDENT.agreement.left,
            revisions,
            labels.get(agreement),
          ),
        );
        const list = subItemListOf(agreement);
        if (!list) continue;
        subListInstance += 1;
        const numbering = {
          reference: numberingReference(subItemStyleOf(list)),
          level: 1 as const,
          instance: subListInstance,
        };
        for (const sub of list.content ?? [])
          body.push(...numbered(sub, numbering, INDENT.subItem.left, revisions, labels.get(sub)));
      }
    }
  }

  const document = new Document({
    creator: 'Accord',
    ...(comments?.options() ? { comments: comments.options()! } : {}),
    title: titleBlock(report, options).title,
    styles: {
      default: { document: { run: { font: FONT, size: 24 } } },
      paragraphStyles: [
        {
          id: 'Heading2',
          name: 'Heading 2',
          basedOn: 'Normal',
          next: 'Normal',
          run: { bold: true, size: 24, font: FONT },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
      ],
    },
    numbering: {
      config: SUB_ITEM_STYLES.map((style) => ({
        reference: numberingReference(style),
        levels: [
          {
            level: 0,
            format: LevelFormat.DECIMAL,
            text: '%1.',
            alignment: AlignmentType.START,
            style: { paragraph: { indent: INDENT.agreement } },
          },
          {
            level: 1,
            format: LevelFormat.LOWER_LETTER,
            text: LETTER_TEXT[style],
            alignment: AlignmentType.START,
            style: { paragraph: { indent: INDENT.subItem } },
          },
        ],
      })),
    },
    sections: [
      {
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1418, bottom: 1418, left: 1418, right: 1418 } },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
