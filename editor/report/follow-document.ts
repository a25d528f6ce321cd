import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { useEffect } from 'react';
import { whenIdle } from '../when-idle';

/** Quiet time after the last change before a panel follows, and the longest it lags behind. */
const QUIET_MS = 300;
const MAX_LAG_MS = 1000;

/** The longest a due follow waits for the browser to be idle. */
export const IDLE_TIMEOUT_MS = 250;

/**
 * Calls `follow` with the document once changes pause, and at least every second while others type
 * without pause. In a report of thousands of agreements the side panels must not cost a keystroke
 * anything: they read the document here, never in the change itself, and only when the browser is
 * idle — right after a frame, in the gap before the next key — so that a panel's refresh (the
 * outline of 2,000 agreements takes ~20 ms with its render) does not land on a keystroke and delay
 * its paint. `follow` must be stable.
 */
export function useFollowDocument(editor: Editor, follow: (doc: PMNode) => void): void {
  useEffect(() => {
    let quiet: ReturnType<typeof setTimeout> | null = null;
    let lag: ReturnType<typeof setTimeout> | null = null;
    let idle: (() => void) | null = null;
    const run = () => {
      if (quiet) clearTimeout(quiet);
      if (lag) clearTimeout(lag);
      quiet = lag = null;
      idle = null;
      follow(editor.state.doc);
    };
    const due = () => {
      idle ??= whenIdle(run, IDLE_TIMEOUT_MS);
    };
    const changed = () => {
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(due, QUIET_MS);
      lag ??= setTimeout(due, MAX_LAG_MS);
    };
    editor.on('update', changed);
    return () => {
      editor.off('update', changed);
      if (quiet) clearTimeout(quiet);
      if (lag) clearTimeout(lag);
      idle?.();
    };
  }, [editor, follow]);
}
