import { unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { agreement, agreementList, doc, heading, paragraph, subItem, subItemList, text } from '../build';
import { DEFAULT_SETTINGS, type ImportResult, type MarkJSON, type NodeJSON } from '../json';
import type { SubItemStyle } from '../numbering';
import { InvalidReportError } from '../validate';
import { numberedParagraphStyles } from './docx-numbering';
import { hasRevisions, markRevisions, unwrapRevisions, withDocumentXml } from './docx-revisions';
import { matchAgreementLine, matchSubItemLine } from './text-lines';

/** Bounds that keep a hostile file from exhausting memory: a report's DOCX is far below them. */
export const DOCX_LIMITS = { maxEntries: 2000, maxUncompressedBytes: 100 * 1024 * 1024, maxRatio: 200 };

interface WordParagraph {
  inline: NodeJSON[];
  level: number | null;
  /** For a Word-numbered sub-item: the letter style its numbering level writes. */
  letterStyle?: SubItemStyle | null;
  indented: boolean;
  headingStyle: boolean;
}

/**
 * Reads a report drafted in Word: paragraphs numbered by Word's own numbering (level 0 agreements,
 * deeper levels sub-items) or by typed numbers (`1.`, `a)`), headings, and the paragraphs between.
 * Tables and images cannot be placed in a report and are left out with a warning. A file that is not
 * a DOCX, is truncated, or would inflate beyond DOCX_LIMITS is refused before it is unpacked.
 */
export async function importDocx(bytes: Uint8Array): Promise<ImportResult> {
  const { writtenByAccord, documentXml, numberingXml } = checkArchive(bytes);
  const collected: WordParagraph[] = [];
  const skipped = { tables: 0, images: 0 };
  // Tracked changes are kept as proposals by their authors (docx-revisions.ts).
  let source = bytes;
  let revisions = 0;
  const authors = new Set<string>();
  if (documentXml && hasRevisions(documentXml)) {
    const unwrapped = unwrapRevisions(documentXml);
    revisions = unwrapped.revisions;
    if (revisions > 0) source = withDocumentXml(bytes, unwrapped.xml);
  }
  try {
    await mammoth.convertToHtml(
      { buffer: Buffer.from(source.buffer, source.byteOffset, source.byteLength) },
      {
        transformDocument: (document: MammothElement) => {
          collect(document, collected, skipped);
          if (revisions > 0) for (const word of collected) word.inline = markRevisions(word.inline, authors);
          return document;
        },
      },
    );
  } catch (error) {
    throw new InvalidReportError(`not a readable Word document: ${(error as Error).message}`);
  }
  // Mammoth says which paragraphs Word numbers and at what level, not how the level is written:
  // that is read from the document's numbering (the n-th numbered paragraph in both).
  const styles = documentXml ? numberedParagraphStyles(documentXml, numberingXml) : [];
  const numbered = collected.filter((word) => word.level !== null);
  if (styles.length === numbered.length)
    for (const [index, word] of numbered.entries()) word.letterStyle = styles[index] ?? null;
  const result = build(collected, skipped, writtenByAccord);
  if (revisions > 0)
    result.warnings.push(
      `${revisions} tracked change(s) kept as proposals, in the names of ${[...authors].sort().join(', ')}: the secretariat accepts or rejects each`,
    );
  return result;
}

/** Refuses what is not a sound DOCX before anything is inflated; tells whether Accord wrote it. */
function checkArchive(bytes: Uint8Array): {
  writtenByAccord: boolean;
  documentXml: string | null;
  numberingXml: string | null;
} {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    throw new InvalidReportError('not a DOCX file (it is not a ZIP archive)');
  let entries = 0;
  let total = 0;
  let hasDocument = false;
  let core: Uint8Array | undefined;
  let parts: Record<string, Uint8Array> = {};
  try {
    const files = unzipSync(bytes, {
      filter: (file) => {
        entries += 1;
        total += file.originalSize;
        if (file.name === 'word/document.xml') hasDocument = true;
        if (entries > DOCX_LIMITS.maxEntries)
          throw new InvalidReportError(`the archive holds more than ${DOCX_LIMITS.maxEntries} files`);
        if (
          total > DOCX_LIMITS.maxUncompressedBytes ||
          (file.size > 0 && file.originalSize / file.size > DOCX_LIMITS.maxRatio)
        ) {
          throw new InvalidReportError('the archive would inflate far beyond any report (a zip bomb?)');
        }
        // Inflated here: who wrote it, and the body and numbering (for the letter style of lists).
        return ['docProps/core.xml', 'word/document.xml', 'word/numbering.xml'].includes(file.name);
      },
    });
    core = files['docProps/core.xml'];
    parts = files;
  } catch (error) {
    if (error instanceof InvalidReportError) throw error;
    throw new InvalidReportError(`the DOCX archive is damaged or truncated (${(error as Error).message})`);
  }
  if (!hasDocument) throw new InvalidReportError('not a DOCX file (no word/document.xml inside)');
  const decode = (name: string) => (parts[name] ? new TextDecoder().decode(parts[name]) : null);
  return {
    writtenByAccord: core !== undefined && /<dc:creator>Accord<\/dc:creator>/.test(new TextDecoder().decode(core)),
    documentXml: decode('word/document.xml'),
    numberingXml: decode('word/numbering.xml'),
  };
}

interface MammothElement {
  type: string;
  children?: MammothElement[];
  value?: string;
  href?: string;
  styleName?: string | null;
  numbering?: { level: string; isOrdered: boolean } | null;
  indent?: { start: string | null };
  isBold?: boolean;
  isItalic?: boolean;
  isUnderline?: boolean;
}

function collect(element: MammothElement, out: WordParagraph[], skipped: { tables: number; images: number }): void {
  for (const child of element.children ?? []) {
    if (child.type === 'paragraph') {
      const inline: NodeJSON[] = [];
      runsOf(child, [], inline, skipped);
      const numbering = child.numbering?.isOrdered ? Number(child.numbering.level) || 0 : null;
      out.push({
        inline,
        level: numbering,
        indented: Number(child.indent?.start ?? 0) >= 360,
        headingStyle: /^(heading|title)/i.test(child.styleName ?? ''),
      });
    } else if (child.type === 'table') {
      skipped.tables += 1;
    } else {
      collect(child, out, skipped);
    }
  }
}

function runsOf(
  element: MammothElement,
  marks: MarkJSON[],
  out: NodeJSON[],
  skipped: { tables: number; images: number },
): void {
  for (const child of element.children ?? []) {
    if (child.type === 'text') out.push(text(child.value ?? '', marks));
    else if (child.type === 'tab') out.push(text(' ', marks));
    else if (child.type === 'image') skipped.images += 1;
    else if (child.type === 'run') {
      const runMarks: MarkJSON[] = [...marks];
      if (child.isBold) runMarks.push({ type: 'bold' });
      if (child.isItalic) runMarks.push({ type: 'italic' });
      if (child.isUnderline) runMarks.push({ type: 'underline' });
      runsOf(child, runMarks, out, skipped);
    } else if (child.type === 'hyperlink') {
      runsOf(child, child.href ? [...marks, { type: 'link', attrs: { href: child.href } }] : marks, out, skipped);
    } else {
      runsOf(child, marks, out, skipped);
    }
  }
}

function build(
  paragraphs: WordParagraph[],
  skipped: { tables: number; images: number },
  writtenByAccord: boolean,
): ImportResult {
  const blocks: NodeJSON[] = [];
  const warnings: string[] = [];
  const renumbered: string[] = [];
  let list: NodeJSON[] | null = null;
  let open = null as {
    paragraphs: NodeJSON[];
    subs: NodeJSON[][];
    style: SubItemStyle | null;
    proposal?: Record<string, unknown>;
  } | null;
  let count = 0;

  const closeAgreement = (): void => {
    if (!open || !list) return;
    const subs = open.subs.map((p) => subItem(p));
    const made = agreement(
      open.paragraphs,
      subs.length ? subItemList(subs, open.style ?? DEFAULT_SETTINGS.subItemStyle) : undefined,
    );
    if (open.proposal) made.attrs = { ...made.attrs, insertion: open.proposal };
    list.push(made);
    open = null;
  };
  const closeList = (): void => {
    closeAgreement();
    if (list?.length) blocks.push(agreementList(list));
    list = null;
  };
  const startAgreement = (inline: NodeJSON[]): void => {
    closeAgreement();
    list ??= [];
    count += 1;
    open = { paragraphs: [paragraph(...inline)], subs: [], style: null };
  };

  // A document numbered by Word (as Accord writes them all) has no typed labels: there "3) …" is text.
  const wordNumbered = writtenByAccord || paragraphs.some((word) => word.level !== null);
  for (const [index, word] of paragraphs.entries()) {
    const plain = word.inline
      .map((node) => node.text ?? '')
      .join('')
      .trim();
    if (word.level === 0) {
      startAgreement(trimInline(word.inline));
      continue;
    }
    if (word.level !== null && word.level > 0) {
      if (!open) {
        startAgreement(trimInline(word.inline));
        continue;
      }
      open.style ??= word.letterStyle ?? null;
      open.subs.push([paragraph(...trimInline(word.inline))]);
      continue;
    }
    if (plain === '') continue;
    // A proposed agreement as Accord writes it: its label (`5 bis.`) typed, as part of the insertion.
    const proposed = /^\d+ (bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)\.\s*/.exec(plain);
    const insertion = word.inline[0]?.marks?.find((mark) => mark.type === 'insertion');
    if (proposed && insertion && list !== null) {
      startAgreement(dropPrefix(word.inline, proposed[0].length));
      count -= 1; // It shifts nobody's number.
      if (open) open.proposal = insertion.attrs;
      continue;
    }
    const typedAgreement = wordNumbered ? null : matchAgreementLine(plain);
    if (typedAgreement) {
      if (typedAgreement.number !== count + 1)
        renumbered.push(`paragraph ${index + 1}: ${typedAgreement.label} → ${count + 1}.`);
      startAgreement(dropPrefix(word.inline, plain.length - typedAgreement.rest.length));
      continue;
    }
    const typedSub = open && !wordNumbered ? matchSubItemLine(plain) : null;
    if (open && typedSub) {
      open.style ??= typedSub.style;
      open.subs.push([paragraph(...dropPrefix(word.inline, plain.length - typedSub.rest.length))]);
      continue;
    }
    if (open && word.indented) {
      (open.subs.at(-1) ?? open.paragraphs).push(paragraph(...trimInline(word.inline)));
      continue;
    }
    if (word.headingStyle) {
      closeList();
      blocks.push(heading(trimInline(word.inline)));
      continue;
    }
    closeList();
    blocks.push(paragraph(...trimInline(word.inline)));
  }
  closeList();

  if (renumbered.length)
    warnings.push(
      `typed agreement numbers were out of order or repeated and have been renumbered: ${renumbered.join('; ')}`,
    );
  if (skipped.tables) warnings.push(`${skipped.tables} table(s) could not be placed in the report and were left out`);
  if (skipped.images) warnings.push(`${skipped.images} image(s) could not be placed in the report and were left out`);
  return { report: { doc: doc(blocks), settings: { ...DEFAULT_SETTINGS } }, warnings };
}

/** Removes the first `count` characters of the text (a typed label and its space), keeping marks. */
function dropPrefix(inline: NodeJSON[], count: number): NodeJSON[] {
  const trimmed = trimInline(inline);
  let rest = count;
  const out: NodeJSON[] = [];
  for (const node of trimmed) {
    const value = node.text ?? '';
    if (rest >= value.length) {
      rest -= value.length;
      continue;
    }
    out.push({ ...node, text: value.slice(rest) });
    rest = 0;
  }
  return trimInline(out);
}

/** Drops leading and trailing whitespace across runs, as the text layout does. */
function trimInline(inline: NodeJSON[]): NodeJSON[] {
  const out = inline.filter((node) => (node.text ?? '') !== '').map((node) => ({ ...node }));
  while (out.length && out[0]!.text!.trimStart() === '') out.shift();
  while (out.length && out.at(-1)!.text!.trimEnd() === '') out.pop();
  if (out.length) {
    out[0]!.text = out[0]!.text!.trimStart();
    out[out.length - 1]!.text = out.at(-1)!.text!.trimEnd();
  }
  return out;
}
