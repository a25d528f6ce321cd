import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { useEffect } from 'react';

/** Quiet time after the last change before a panel follows, and the longest it lags behind. */
const QUIET_MS = 300;
const MAX_LAG_MS = 1000;

/**
 * Calls `follow` with the document once changes pause, and at least every second while others type
 * without pause. In a report of thousands of agreements the side panels must not cost a keystroke
 * anything: they read the document here, never in the change itself. `follow` must be stable.
 */
export function useFollowDocument(editor: Editor, follow: (doc: PMNode) => void): void {
  useEffect(() => {
    let quiet: ReturnType<typeof setTimeout> | null = null;
    let lag: ReturnType<typeof setTimeout> | null = null;
    const run = () => {
      if (quiet) clearTimeout(quiet);
      if (lag) clearTimeout(lag);
      quiet = lag = null;
      follow(editor.state.doc);
    };
    const changed = () => {
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(run, QUIET_MS);
      lag ??= setTimeout(run, MAX_LAG_MS);
    };
    editor.on('update', changed);
    return () => {
      editor.off('update', changed);
      if (quiet) clearTimeout(quiet);
      if (lag) clearTimeout(lag);
    };
  }, [editor, follow]);
}
