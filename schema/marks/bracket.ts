import { Mark, mergeAttributes } from '@tiptap/core';
import { byline, proposalAttributeSpecs } from './proposal-attributes';

/**
 * Square brackets: wording not yet agreed. Drawn with visible brackets (CSS), exported as `[…]`, and
 * lifted only by the secretariat (keeping or removing the text). Not inclusive: typing after a
 * bracketed span is outside it.
 */
export const Bracket = Mark.create({
  name: 'bracket',
  inclusive: false,
  addAttributes: () => proposalAttributeSpecs,
  parseHTML: () => [{ tag: 'span[data-bracket]' }],
  renderHTML: ({ HTMLAttributes, mark }) => [
    'span',
    mergeAttributes(HTMLAttributes, { 'data-bracket': '', class: 'bracket' }, byline(mark.attrs, 'bracketed this')),
    0,
  ],
});
