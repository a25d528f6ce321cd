import { Mark, mergeAttributes } from '@tiptap/core';
import { byline, proposalAttributeSpecs } from './proposal-attributes';

/**
 * Text a delegation proposes to add. Inclusive, so typing at the end of one's own proposal extends it
 * (the editor gives new text the same id); the server checks `by` against the connection.
 */
export const Insertion = Mark.create({
  name: 'insertion',
  inclusive: true,
  addAttributes: () => proposalAttributeSpecs,
  parseHTML: () => [{ tag: 'ins[data-by]' }],
  renderHTML: ({ HTMLAttributes, mark }) => [
    'ins',
    mergeAttributes(HTMLAttributes, { class: 'proposal-insertion' }, byline(mark.attrs, 'proposes to add this')),
    0,
  ],
});
