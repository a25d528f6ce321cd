import { Mark, mergeAttributes } from '@tiptap/core';

/**
 * The span of text a comment thread is about. The mark carries only the thread's id: what was said,
 * by whom, lives in the document's `comments` map (comments/threads.ts), where the server checks the
 * author. Being a mark, the anchor travels with its words through edits, renumbering and moves (the
 * editor's binding rewrites a moved item with its marks); when the words are deleted the mark goes and
 * the thread shows as detached. Several threads may cover the same words (`excludes: ''`).
 */
export const Comment = Mark.create({
  name: 'comment',
  excludes: '',
  inclusive: false,
  addAttributes: () => ({
    thread: {
      default: null,
      parseHTML: (element) => element.getAttribute('data-thread'),
      renderHTML: (attributes) => (attributes.thread ? { 'data-thread': attributes.thread } : {}),
    },
  }),
  parseHTML: () => [{ tag: 'span[data-thread]' }],
  renderHTML: ({ HTMLAttributes }) => ['span', mergeAttributes(HTMLAttributes, { class: 'comment-anchor' }), 0],
});
