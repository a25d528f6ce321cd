import { Mark, mergeAttributes } from '@tiptap/core';
import { byline, proposalAttributeSpecs } from './proposal-attributes';

/** Text a delegation proposes to remove: it stays in the report, struck through, until accepted or rejected. */
export const Deletion = Mark.create({
  name: 'deletion',
  inclusive: false,
  addAttributes: () => proposalAttributeSpecs,
  parseHTML: () => [{ tag: 'del[data-by]' }],
  renderHTML: ({ HTMLAttributes, mark }) => [
    'del',
    mergeAttributes(HTMLAttributes, { class: 'proposal-deletion' }, byline(mark.attrs, 'proposes to delete this')),
    0,
  ],
});
