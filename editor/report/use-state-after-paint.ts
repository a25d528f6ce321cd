import type { Editor } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { useEffect, useRef, useState } from 'react';
import { whenIdle } from '../when-idle';
import { afterPaint } from './after-paint';
import { IDLE_TIMEOUT_MS } from './follow-document';

/**
 * What `select` reads from the editor, read again after each change once the frame showing the
 * change is painted (at most once a frame), for controls that only mirror the text — the toolbar's
 * bold, undo, indent. TipTap's useEditorState read it inside every keystroke: asking whether undo,
 * redo, indent and outdent could run built a command chain each time. `select` returns a flat object;
 * a new one with the same values keeps the component as it is.
 */
export function useStateAfterPaint<T extends Record<string, unknown>>(
  editor: Editor,
  select: (editor: Editor) => T,
): T {
  const latest = useRef(select);
  latest.current = select;
  const [state, setState] = useState(() => select(editor));
  useEffect(() => {
    let due = false;
    let live = true;
    const read = () => {
      due = false;
      if (!live || editor.isDestroyed) return;
      const next = latest.current(editor);
      setState((previous) => (sameValues(previous, next) ? previous : next));
    };
    const changed = ({ transaction }: { transaction: Transaction }) => {
      if (due) return;
      due = true;
      // After one's own change, once it is painted; after the others' changes (which leave one's own
      // selection, marks and undo steps as they were), when the browser is idle: asking for a
      // frame on each of them would hold one's next keystroke to the display's beat.
      if (transaction.getMeta(ySyncPluginKey)) whenIdle(read, IDLE_TIMEOUT_MS);
      else afterPaint(read);
    };
    editor.on('transaction', changed);
    read();
    return () => {
      live = false;
      editor.off('transaction', changed);
    };
  }, [editor]);
  return state;
}

function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]));
}
