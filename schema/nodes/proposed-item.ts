import type { Attribute } from '@tiptap/core';
import { isProposalAttributes } from '../marks/proposal-attributes';

/**
 * An agreement or sub-item that exists only as a proposal: `{ id, by, at }` of the proposal, or null.
 * Such an item is numbered `5 bis` and shifts nobody's number until it is accepted (labels.ts).
 * Not kept on split: Enter in a proposed agreement proposes another one (the editor gives it its own).
 */
export const insertionAttribute: Attribute = {
  default: null,
  keepOnSplit: false,
  parseHTML: (element) => {
    const by = element.getAttribute('data-proposed-by');
    const id = element.getAttribute('data-proposal');
    return by && id ? { id, by, at: element.getAttribute('data-proposed-at') ?? '' } : null;
  },
  renderHTML: (attributes) =>
    isProposalAttributes(attributes.insertion)
      ? {
          'data-proposal': attributes.insertion.id,
          'data-proposed-by': attributes.insertion.by,
          'data-proposed-at': attributes.insertion.at,
        }
      : {},
};
