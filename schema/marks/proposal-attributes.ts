import type { Attributes } from '@tiptap/core';
import { delegationColour } from '../colours';

/**
 * Who proposed or bracketed something, and when: the attributes every negotiation mark (and a proposed
 * agreement or sub-item) carries. `by` is the delegation of the authenticated connection — the server
 * refuses any other — so the name shown beside a proposal is never a client's claim.
 */
export interface ProposalAttributes {
  /** Stable id of the proposal or bracket: what accept, reject and resolve address. */
  id: string;
  /** The delegation (or `Secretariat`). */
  by: string;
  /** ISO time it was made. */
  at: string;
}

export function isProposalAttributes(value: unknown): value is ProposalAttributes {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    Object.keys(record).every((key) => key === 'id' || key === 'by' || key === 'at') &&
    ['id', 'by', 'at'].every((key) => typeof record[key] === 'string' && (record[key] as string).length <= 200) &&
    (record.id as string).length > 0 &&
    (record.by as string).length > 0
  );
}

/** The TipTap attribute specs: rendered as data attributes so the HTML carries them. */
export const proposalAttributeSpecs: Attributes = {
  id: {
    default: null,
    parseHTML: (element) => element.getAttribute('data-id'),
    renderHTML: (attributes) => (attributes.id ? { 'data-id': attributes.id } : {}),
  },
  by: {
    default: null,
    parseHTML: (element) => element.getAttribute('data-by'),
    renderHTML: (attributes) => (attributes.by ? { 'data-by': attributes.by } : {}),
  },
  at: {
    default: null,
    parseHTML: (element) => element.getAttribute('data-at'),
    renderHTML: (attributes) => (attributes.at ? { 'data-at': attributes.at } : {}),
  },
};

/** A proposal id nobody else will pick: the delegation's initials would collide, random bits do not. */
export function newProposalId(): string {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return `p${Array.from(bytes, (byte) => byte.toString(36).padStart(2, '0')).join('')}`;
}

/** How a proposal or bracket shows who made it: its delegation's colour, and its name on hover. */
export function byline(attributes: Record<string, unknown>, verb: string): Record<string, string> {
  const by = typeof attributes.by === 'string' ? attributes.by : '';
  return by ? { style: `--by: ${delegationColour(by)}`, title: `${by} ${verb}` } : {};
}
