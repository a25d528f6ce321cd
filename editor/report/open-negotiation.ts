import type { Node as PMNode } from '@tiptap/pm/model';
import { type DocJSON, forEachLabel } from '../../schema/index';
import { displayReference, type OpenNegotiation, openNegotiation } from '../../schema/negotiation/open-items';
import { NODES } from './labels-plugin';

/**
 * The open proposals and brackets of the editor's document, for the panel and the outline, without
 * turning a 2,000-agreement report into JSON at every change: each top-level block and each agreement
 * is read once and remembered by identity (a change leaves the nodes it did not touch as the very same
 * objects), and labels, which move with any renumbering, are put on afterwards.
 */
const perNode = new WeakMap<PMNode, OpenNegotiation>();

function openIn(node: PMNode, wrap: (json: unknown) => DocJSON): OpenNegotiation {
  let found = perNode.get(node);
  if (!found) {
    found = openNegotiation(wrap(node.toJSON()));
    perNode.set(node, found);
  }
  return found;
}

export function openNegotiationIn(doc: PMNode): OpenNegotiation {
  const labels = new Map<string, string>();
  forEachLabel(doc, NODES, (_node, item) => {
    if (item.id) labels.set(item.id, item.kind === 'agreement' ? item.reference : displayReference(item.reference));
  });
  const proposals: OpenNegotiation['proposals'] = [];
  const brackets: OpenNegotiation['brackets'] = [];
  const add = (open: OpenNegotiation) => {
    for (const proposal of open.proposals)
      proposals.push({ ...proposal, label: (proposal.itemId && labels.get(proposal.itemId)) || proposal.label });
    for (const bracket of open.brackets)
      brackets.push({ ...bracket, label: (bracket.itemId && labels.get(bracket.itemId)) || bracket.label });
  };
  doc.forEach((block) => {
    if (block.type.name !== 'agreementList') {
      add(openIn(block, (json) => ({ type: 'doc', content: [json] }) as DocJSON));
      return;
    }
    block.forEach((agreement) => {
      add(openIn(agreement, inList));
    });
  });
  return { proposals: mergeById(proposals), brackets: mergeById(brackets) };
}

/** A proposal that spans two agreements is listed once. */
function mergeById<T extends { id: string; text: string }>(entries: T[]): T[] {
  const byId = new Map<string, T>();
  for (const entry of entries) {
    const existing = byId.get(entry.id);
    if (existing) existing.text += entry.text;
    else byId.set(entry.id, { ...entry });
  }
  return [...byId.values()];
}

const inList = (json: unknown) => ({ type: 'doc', content: [{ type: 'agreementList', content: [json] }] }) as DocJSON;

/** Open proposals and brackets in one agreement (remembered like the rest). */
export function countsIn(agreement: PMNode): { proposals: number; brackets: number; proposers: string } {
  const open = openIn(
    agreement,
    (json) => ({ type: 'doc', content: [{ type: 'agreementList', content: [json] }] }) as DocJSON,
  );
  const proposers = [...new Set(open.proposals.map((proposal) => proposal.by))].sort().join(', ');
  return { proposals: open.proposals.length, brackets: open.brackets.length, proposers };
}
