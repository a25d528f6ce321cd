import { Extension } from '@tiptap/core';

/** Ctrl-Alt-M (⌘-Option-M): comment on the selected words, as in Word and Google Docs. */
export const CommentKeys = Extension.create<{ onComment: () => void }>({
  name: 'accordCommentKeys',
  addOptions() {
    return { onComment: () => {} };
  },
  addKeyboardShortcuts() {
    return {
      'Mod-Alt-m': () => {
        this.options.onComment();
        return true;
      },
    };
  },
});
