import type { Editor } from '@tiptap/core';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { agreementAt } from '../../schema/index';
import type { Collaboration } from './collaboration';
import { setUnderDiscussion } from './under-discussion';

/**
 * In projector mode the page follows the secretariat's caret: whenever it moves, the paragraph it is in
 * is scrolled to the middle of the screen and its agreement is marked as under discussion.
 */
export function followSecretariat(editor: Editor, collaboration: Collaboration): () => void {
  const awareness = collaboration.provider.awareness;
  // The secretariat's caret can arrive before the words it points into (the server sends presence
  // without waiting for storage): followed again when the document changes, until it resolves.
  let unresolved = false;
  const follow = () => {
    unresolved = false;
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue;
      const { user, cursor } = state as { user?: { role?: string }; cursor?: { head?: unknown } };
      if (user?.role !== 'secretariat' || !cursor?.head) continue;
      const binding = ySyncPluginKey.getState(editor.state)?.binding;
      if (!binding) {
        unresolved = true;
        return;
      }
      const pos = relativePositionToAbsolutePosition(
        collaboration.doc,
        collaboration.doc.getXmlFragment('report'),
        Y.createRelativePositionFromJSON(cursor.head),
        binding.mapping,
      );
      if (pos === null) {
        unresolved = true;
        return;
      }
      const at = Math.min(pos, editor.state.doc.content.size);
      const { node } = editor.view.domAtPos(at);
      const element = node instanceof Element ? node : node.parentElement;
      element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      // The agreement under discussion stands out for the room.
      setUnderDiscussion(editor.view, agreementAt(editor.state.doc.resolve(at))?.pos ?? null);
      return;
    }
  };
  const followPending = () => {
    if (unresolved) follow();
  };
  awareness.on('change', follow);
  editor.on('update', followPending);
  follow();
  return () => {
    awareness.off('change', follow);
    editor.off('update', followPending);
    if (!editor.isDestroyed) setUnderDiscussion(editor.view, null);
  };
}
