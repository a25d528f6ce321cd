import { mergeAttributes, Node } from '@tiptap/core';

/**
 * A cross-reference to an agreement or sub-item, by its stable id: it reads the target's current
 * label (`4 (b)`), so it follows the report as it renumbers. Its label is not stored — the editor
 * draws it and every export writes it (references/resolve.ts); a target that no longer exists makes
 * the reference broken, which blocks approval.
 */
export const Reference = Node.create({
  name: 'reference',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  addAttributes: () => ({
    target: {
      default: null,
      parseHTML: (element) => element.getAttribute('data-reference'),
      renderHTML: (attributes) => (attributes.target ? { 'data-reference': attributes.target } : {}),
    },
  }),
  parseHTML: () => [{ tag: 'span[data-reference]' }],
  renderHTML: ({ HTMLAttributes }) => ['span', mergeAttributes(HTMLAttributes, { class: 'reference' })],
  renderText: () => '#',
});
