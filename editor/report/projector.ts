import type { Editor } from '@tiptap/core';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { Collaboration } from './collaboration';

/**
 * In projector mode the page follows the secretariat's caret: whenever it moves, the paragraph it is in
 * is scrolled to the middle of the screen.
 */
export function followSecretariat(editor: Editor, collaboration: Collaboration): () => void {
  const awareness = collaboration.provider.awareness;
  const follow = () => {
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue;
      const { user, cursor } = state as { user?: { role?: string }; cursor?: { head?: unknown } };
      if (user?.role !== 'secretariat' || !cursor?.head) continue;
      const binding = ySyncPluginKey.getState(editor.state)?.binding;
      if (!binding) return;
      const pos = relativePositionToAbsolutePosition(
        collaboration.doc,
        collaboration.doc.getXmlFragment('report'),
        Y.createRelativePositionFromJSON(cursor.head),
        binding.mapping,
      );
      if (pos === null) return;
      const { node } = editor.view.domAtPos(Math.min(pos, editor.state.doc.content.size));
      const element = node instanceof Element ? node : node.parentElement;
      element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      // The agreement under discussion stands out for the room.
      const agreement = element?.closest('li[data-type="agreement"]');
      for (const previous of editor.view.dom.querySelectorAll('.under-discussion'))
        if (previous !== agreement) previous.classList.remove('under-discussion');
      agreement?.classList.add('under-discussion');
      return;
    }
  };
  awareness.on('change', follow);
  follow();
  return () => {
    awareness.off('change', follow);
    for (const marked of editor.view.dom.querySelectorAll('.under-discussion'))
      marked.classList.remove('under-discussion');
  };
}
