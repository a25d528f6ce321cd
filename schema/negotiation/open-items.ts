import type { DocJSON, NodeJSON } from '../json';
import { forEachLabel, type TreeView } from '../labels';
import { isProposalAttributes, type ProposalAttributes } from '../marks/proposal-attributes';

/** One open proposal, as `GET …/proposals` lists it and the editor's panel shows it. */
export interface OpenProposal extends ProposalAttributes {
  kind: 'insert' | 'delete';
  /** The agreement or sub-item it is in (or is), and that item's label now (`5 bis`, `4 (b)`). */
  itemId: string | null;
  label: string;
  /** The words proposed for insertion or deletion (a proposed item: all its text). */
  text: string;
}

/** One open square bracket. */
export interface OpenBracket extends ProposalAttributes {
  itemId: string | null;
  label: string;
  text: string;
}

export interface OpenNegotiation {
  proposals: OpenProposal[];
  brackets: OpenBracket[];
}

const JSON_VIEW: TreeView<NodeJSON> = {
  type: (node) => node.type,
  attr: (node, name) => node.attrs?.[name],
  children: (node) => node.content ?? [],
};

/**
 * Every open proposal and bracket of a report, in document order, each listed once (a proposal that
 * spans several runs or items is one entry, its text joined). Pure: the server answers the API with
 * it and the editor draws its panel and outline counts with it.
 */
export function openNegotiation(doc: DocJSON): OpenNegotiation {
  const proposals = new Map<string, OpenProposal>();
  const brackets = new Map<string, OpenBracket>();
  const labels = new Map<NodeJSON, { id: string | null; label: string }>();
  forEachLabel(doc, JSON_VIEW, (node, item) =>
    labels.set(node, {
      id: item.id,
      label: item.kind === 'agreement' ? item.reference : displayReference(item.reference),
    }),
  );
  const visit = (node: NodeJSON, item: { id: string | null; label: string } | null): void => {
    const here = labels.get(node) ?? item;
    const proposedItem = node.attrs?.insertion;
    if ((node.type === 'agreement' || node.type === 'subItem') && isProposalAttributes(proposedItem) && here)
      add(proposals, proposedItem, { kind: 'insert', itemId: here.id, label: here.label, text: '' });
    if (node.type === 'text') {
      for (const mark of node.marks ?? []) {
        if (!isProposalAttributes(mark.attrs) || !here) continue;
        const where = { itemId: here.id, label: here.label, text: node.text ?? '' };
        if (mark.type === 'insertion') add(proposals, mark.attrs, { kind: 'insert', ...where });
        if (mark.type === 'deletion') add(proposals, mark.attrs, { kind: 'delete', ...where });
        if (mark.type === 'bracket') add(brackets, mark.attrs, where);
      }
    }
    for (const child of node.content ?? []) visit(child, here);
  };
  visit(doc, null);
  return { proposals: [...proposals.values()], brackets: [...brackets.values()] };
}

/** Adds a run to its entry (the first run names where it starts), joining the words of later runs. */
function add<T extends { text: string }>(
  entries: Map<string, T & ProposalAttributes>,
  attrs: ProposalAttributes,
  where: T,
): void {
  const existing = entries.get(attrs.id);
  if (existing) {
    existing.text += where.text;
    return;
  }
  entries.set(attrs.id, { id: attrs.id, by: attrs.by, at: attrs.at, ...where });
}

/** `4.b` → `4 (b)`, `4.b bis` → `4 (b) bis`: how people say a sub-item. */
export function displayReference(reference: string): string {
  const match = /^([^.]+)\.([a-z]+)?( .+)?$/.exec(reference);
  if (!match) return reference;
  return `${match[1]} (${match[2] ?? ''})${match[3] ?? ''}`;
}
