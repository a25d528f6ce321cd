import { unzipSync, zipSync } from 'fflate';
import type { MarkJSON, NodeJSON } from '../json';
import { newProposalId } from '../marks/proposal-attributes';

/**
 * Word's tracked changes, kept as proposals on import: `<w:ins>` becomes an insertion and `<w:del>`
 * a deletion under the name of its author (the delegation that made it). The DOCX reader (mammoth)
 * accepts insertions silently and drops deletions, so before it reads the document each revision's
 * runs are unwrapped and bracketed by marker characters from Unicode's private use area (stripped from
 * the document first, so a file cannot forge them); after, the markers become marks.
 */
const START_INSERTION = '\uE000';
const START_DELETION = '\uE001';
const END = '\uE002';
const SEPARATOR = '\uE003';
const HEADER_END = '\uE004';
const MARKERS = /[\uE000-\uE004]/g;

export function hasRevisions(documentXml: string): boolean {
  return /<w:(ins|del)\b[^>]*[^/]>/.test(documentXml);
}

/** The document with each revision's runs unwrapped between markers; how many revisions there were. */
export function unwrapRevisions(documentXml: string): { xml: string; revisions: number } {
  let revisions = 0;
  const marker = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
  const xml = documentXml
    .replace(MARKERS, '')
    .replace(
      /<w:(ins|del)\b([^>]*[^/>])>([\s\S]*?)<\/w:\1>/g,
      (whole, kind: string, attributes: string, inner: string) => {
        // Only revisions of runs: a paragraph-mark revision inside w:rPr is self-closing, left alone.
        if (!/<w:r\b/.test(inner)) return whole;
        revisions += 1;
        const author = /\bw:author="([^"]*)"/.exec(attributes)?.[1] ?? 'Unknown';
        const date = /\bw:date="([^"]*)"/.exec(attributes)?.[1] ?? '';
        const body = kind === 'del' ? inner.replace(/<(\/?)w:delText\b/g, '<$1w:t') : inner;
        const start = kind === 'ins' ? START_INSERTION : START_DELETION;
        return `${marker(`${start}${author}${SEPARATOR}${date}${HEADER_END}`)}${body}${marker(END)}`;
      },
    );
  return { xml, revisions };
}

/** The archive with its word/document.xml replaced (everything else as it was). */
export function withDocumentXml(bytes: Uint8Array, documentXml: string): Uint8Array {
  const files = unzipSync(bytes);
  files['word/document.xml'] = new TextEncoder().encode(documentXml);
  return zipSync(files);
}

/** Turns a paragraph's marker characters back into insertion and deletion marks. */
export function markRevisions(inline: NodeJSON[], authors: Set<string>): NodeJSON[] {
  const out: NodeJSON[] = [];
  let current: MarkJSON | null = null;
  let header: string | null = null;
  let headerKind: 'insertion' | 'deletion' = 'insertion';
  for (const node of inline) {
    const value = node.text ?? '';
    let plain = '';
    const flush = () => {
      if (plain === '') return;
      out.push({ ...node, text: plain, ...(current ? { marks: [...(node.marks ?? []), current] } : {}) });
      plain = '';
    };
    for (const char of value) {
      if (header !== null) {
        if (char !== HEADER_END) {
          header += char;
          continue;
        }
        const [by = 'Unknown', at = ''] = header.split(SEPARATOR);
        const author = decodeEntities(by).trim().slice(0, 200) || 'Unknown';
        authors.add(author);
        current = { type: headerKind, attrs: { id: newProposalId(), by: author, at: decodeEntities(at) } };
        header = null;
      } else if (char === START_INSERTION || char === START_DELETION) {
        flush();
        header = '';
        headerKind = char === START_INSERTION ? 'insertion' : 'deletion';
      } else if (char === END) {
        flush();
        current = null;
      } else plain += char;
    }
    flush();
  }
  return out;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
