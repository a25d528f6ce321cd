import { newId } from '../ids';
import type { DocJSON, NodeJSON } from '../json';
import { labelsByNode } from '../labels';
import { referenceText } from './labels';

/** `paragraph 4`, `paragraph 4 (b)`, `paragraphs 4`, `para. 4`: the number (and letter) is the reference. */
const CITATION = /\b(paragraphs?\s+|paras?\.\s*)(\d{1,4})(\s*\(([a-z]{1,3})\))?/gi;

/**
 * Turns the citations of other paragraphs inside agreements (`paragraph 4 (b)`, `para. 2`) into
 * cross-references, when the cited agreement or sub-item exists: what an imported report says in
 * words then follows the report when it renumbers. The word before stays text (`paragraph `); the
 * number becomes the reference. A cited item gets its id here, so the reference has something to point at.
 * Returns the document and, for the import's warning, what was linked (`paragraph 4 (b) in 6`).
 */
export function linkReferences(doc: DocJSON): { doc: DocJSON; linked: string[] } {
  const byLabel = new Map<string, NodeJSON>();
  const labels = labelsByNode(doc);
  for (const [node, item] of labels) if (!item.proposed) byLabel.set(referenceText(item), node);
  // A cited item gets its id now (the import's items otherwise get theirs when the report is stored).
  const idOf = (node: NodeJSON): string => {
    if (typeof node.attrs?.id !== 'string' || node.attrs.id === '') node.attrs = { ...node.attrs, id: newId() };
    return node.attrs.id as string;
  };
  // First every cited item gets its id, so that a citation of an earlier item finds it in the copy.
  const cite = (node: NodeJSON): void => {
    for (const match of node.text?.matchAll(CITATION) ?? []) {
      const cited = byLabel.get(match[4] ? `${match[2]} (${match[4].toLowerCase()})` : match[2]!);
      if (cited) idOf(cited);
    }
    for (const child of node.content ?? []) cite(child);
  };
  for (const block of doc.content ?? []) if (block.type === 'agreementList') cite(block);
  const linked: string[] = [];
  const inItem = (node: NodeJSON, where: string): NodeJSON => {
    if (node.type === 'paragraph')
      return { ...node, content: (node.content ?? []).flatMap((child) => linkText(child, where)) };
    return node.content ? { ...node, content: node.content.map((child) => inItem(child, where)) } : node;
  };
  const linkText = (node: NodeJSON, where: string): NodeJSON[] => {
    if (node.type !== 'text' || !node.text) return [node];
    const out: NodeJSON[] = [];
    let last = 0;
    for (const match of node.text.matchAll(CITATION)) {
      const [whole, word, number, , letters] = match;
      const label = letters ? `${number} (${letters.toLowerCase()})` : number!;
      const cited = byLabel.get(label);
      if (!cited) continue;
      const target = idOf(cited);
      const start = match.index + word!.length;
      const end = match.index + whole.length;
      if (start > last) out.push({ ...node, text: node.text.slice(last, start) });
      out.push({ type: 'reference', attrs: { target }, ...(node.marks ? { marks: node.marks } : {}) });
      linked.push(`${whole.trim()} in ${where}`);
      last = end;
    }
    if (last === 0) return [node];
    if (last < node.text.length) out.push({ ...node, text: node.text.slice(last) });
    return out;
  };
  const content = (doc.content ?? []).map((block) => {
    if (block.type !== 'agreementList') return block;
    return {
      ...block,
      content: (block.content ?? []).map((agreement) => {
        const label = labels.get(agreement);
        const where = label ? referenceText(label) : '';
        return {
          ...agreement,
          content: (agreement.content ?? []).map((child) => {
            if (child.type !== 'subItemList') return inItem(child, where);
            return {
              ...child,
              content: (child.content ?? []).map((sub) => {
                const subLabel = labels.get(sub);
                return inItem(sub, subLabel ? referenceText(subLabel) : where);
              }),
            };
          }),
        };
      }),
    };
  });
  return { doc: { ...doc, content }, linked };
}
