import type { EditorState, Transaction } from '@tiptap/pm/state';

/** The ProseMirror command shape: without `dispatch` it only answers "could I?" (the toolbar asks so). */
export type Command = (state: EditorState, dispatch?: (tr: Transaction) => void) => boolean;
