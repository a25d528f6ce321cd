import { newId } from './ids';
import type { DocJSON, MarkJSON, NodeJSON } from './json';
import type { SubItemStyle } from './numbering';

/** Small constructors for report JSON, used by the importers and the tests. */

export function text(value: string, marks?: MarkJSON[]): NodeJSON {
  return marks && marks.length > 0 ? { type: 'text', text: value, marks } : { type: 'text', text: value };
}

export function paragraph(...inline: (NodeJSON | string)[]): NodeJSON {
  const content = inline.map((item) => (typeof item === 'string' ? text(item) : item)).filter(isNonEmptyInline);
  return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
}

export function heading(value: string | NodeJSON[], level = 2): NodeJSON {
  const content = typeof value === 'string' ? [text(value)] : value;
  const kept = content.filter(isNonEmptyInline);
  return kept.length > 0 ? { type: 'heading', attrs: { level }, content: kept } : { type: 'heading', attrs: { level } };
}

export function subItem(paragraphs: NodeJSON[], id: string = newId()): NodeJSON {
  return { type: 'subItem', attrs: { id }, content: atLeastOneParagraph(paragraphs) };
}

export function subItemList(items: NodeJSON[], style: SubItemStyle): NodeJSON {
  return { type: 'subItemList', attrs: { style }, content: items };
}

export function agreement(paragraphs: NodeJSON[], subItems?: NodeJSON, id: string = newId()): NodeJSON {
  const content = atLeastOneParagraph(paragraphs);
  if (subItems && (subItems.content ?? []).length > 0) content.push(subItems);
  return { type: 'agreement', attrs: { id, status: 'open' }, content };
}

export function agreementList(agreements: NodeJSON[]): NodeJSON {
  return { type: 'agreementList', content: agreements };
}

/** A doc always holds at least one block, so an empty report is one empty paragraph. */
export function doc(blocks: NodeJSON[]): DocJSON {
  return { type: 'doc', content: blocks.length > 0 ? blocks : [paragraph()] };
}

function atLeastOneParagraph(paragraphs: NodeJSON[]): NodeJSON[] {
  return paragraphs.length > 0 ? [...paragraphs] : [paragraph()];
}

function isNonEmptyInline(node: NodeJSON): boolean {
  return node.type !== 'text' || (node.text ?? '') !== '';
}
