import type { Node as PMNode } from '@tiptap/pm/model';
import { afterPaint } from './after-paint';

/**
 * A run of typing is written to Yjs after the frame that shows it. The Yjs binding wrote each
 * keystroke inside it — a Yjs transaction reconciling the changed paragraph, the undo manager's and
 * the document's handlers — before the browser could paint: a fifth of the editor's own time per key
 * in a 300-agreement report. Only a run of typing in one paragraph waits, and never longer than the
 * next frame; anything that must see Yjs as the page shows it writes the run first:
 * - any other change (Enter, Tab, a paste, a mark, typing in another paragraph, a remote change
 *   dispatched), from undo-steps.ts, before the undo manager is told a new step begins, so undo
 *   keeps taking back exactly one's own last step;
 * - the others' changes and carets, before they are applied (remote-batch.ts): the binding
 *   replaces the page with what Yjs holds, which would drop a keystroke not yet written;
 * - undo and redo (the keys and the toolbar, which look at the undo stack first, and the undo
 *   manager itself), a probe asking whether everything is saved (collaboration.ts), leaving the
 *   page, closing the editor.
 */
let pending: (() => void) | null = null;
/**
 * On. It was off for one stop while words typed at once after Enter sometimes landed in the next
 * agreement, with or without the deferral: that was the browser skipping the new agreement until its
 * next frame (content-visibility, fixed in caret-item.ts), not this. Off, the write happens in the
 * keystroke, as the binding does it.
 */
const DEFER = true;
/** The document a run of typing produced, set while that transaction is applied. */
let typed: PMNode | null = null;

/**
 * Called for every change before it is applied (undo-steps.ts). `typing` is the document a
 * transaction that only types in the paragraph of the current run produces; null for anything else,
 * which writes the run first. `newRun` says a new undo step begins: the run before it is written first.
 */
export function beforeChange(typing: PMNode | null, newRun: boolean): void {
  if (typing === null || newRun) writeTypingNow();
  typed = typing;
}

/**
 * The binding's write after a change (patched into y-tiptap's sync plugin, see
 * editor/build/y-tiptap-patches.ts): deferred to after the frame when the change was a run of
 * typing, else done now, after whatever run was pending.
 */
export function writeTyping(doc: PMNode, write: () => void): void {
  const deferred = DEFER && typed !== null && typed === doc;
  typed = null;
  if (deferred) {
    const first = pending === null;
    // Each write reconciles the page's current document: the latest one covers the run.
    pending = write;
    if (first) afterPaint(writeTypingNow);
    return;
  }
  writeTypingNow();
  write();
}

/** Writes the pending run of typing to Yjs now. */
export function writeTypingNow(): void {
  const write = pending;
  pending = null;
  write?.();
}
