import type { Attribute } from '@tiptap/core';

/**
 * The stable id that comments, status and diffs point at while the label changes.
 * Rendered as `data-id` so the editor markup and the HTML export carry it.
 */
export const idAttribute: Attribute = {
  default: null,
  keepOnSplit: false,
  parseHTML: (element) => element.getAttribute('data-id'),
  renderHTML: (attributes) => (attributes.id ? { 'data-id': attributes.id } : {}),
};
