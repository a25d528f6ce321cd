import type { Editor } from '@tiptap/core';
import { itemAt } from '../commands/item-context';
import type { Command } from '../commands/types';

/** A keyboard shortcut that runs `command` only when the innermost item at the cursor is a `kind`. */
export function itemShortcut(editor: Editor, kind: 'agreement' | 'subItem', command: Command): () => boolean {
  return () => {
    const { state, view } = editor;
    if (!editor.isEditable || itemAt(state.selection.$from)?.kind !== kind) return false;
    return command(state, view.dispatch);
  };
}
