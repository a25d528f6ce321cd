import { mergeAttributes, Node } from '@tiptap/core';

export const HEADING_LEVELS = [1, 2, 3] as const;
export type HeadingLevel = (typeof HEADING_LEVELS)[number];

/** A section heading such as "AGREEMENTS". Level 2 unless said otherwise. */
export const Heading = Node.create({
  name: 'heading',
  content: 'inline*',
  defining: true,
  addAttributes() {
    return {
      level: {
        default: 2,
        parseHTML: (element) => Number(element.tagName.slice(1)) || 2,
        renderHTML: () => ({}),
      },
    };
  },
  parseHTML() {
    return HEADING_LEVELS.map((level) => ({ tag: `h${level}`, attrs: { level } }));
  },
  renderHTML({ node, HTMLAttributes }) {
    const level = HEADING_LEVELS.includes(node.attrs.level) ? node.attrs.level : 2;
    return [`h${level}`, mergeAttributes(HTMLAttributes), 0];
  },
});
