import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { ReplaceStep } from '@tiptap/pm/transform';
import { ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap';
import type { UndoManager } from 'yjs';
import { beforeChange, writeTypingNow } from './typing-write';

/**
 * Where one undo step ends and the next begins. Yjs' undo manager merges every change made within
 * half a second into one step, so typing in 6 (a) and then pressing Tab on agreement 8 was undone
 * by one Ctrl-Z, and an undo could take back half of a structure change. Here, as in a word
 * processor: a run of typing in one paragraph is one step, and every other change (Enter, Tab,
 * Shift-Tab, Backspace that lifts or joins, a paste, a mark) is a step of its own.
 */
export function undoStepsPlugin(): Plugin {
  // The start of the paragraph the last run of typing was in, kept mapped through every change.
  let typingIn: number | null = null;
  let lastWasTyping = false;
  return new Plugin({
    key: new PluginKey('accordUndoSteps'),
    view(view) {
      // Undo and redo act on Yjs directly (y-tiptap's commands, the toolbar): a run of typing still
      // waiting for its frame is written first, so it is what the undo takes back.
      const manager = yUndoPluginKey.getState(view.state)?.undoManager as UndoManager | undefined;
      if (manager) {
        const { undo, redo } = manager;
        manager.undo = () => {
          writeTypingNow();
          return undo.call(manager);
        };
        manager.redo = () => {
          writeTypingNow();
          return redo.call(manager);
        };
      }
      return {};
    },
    filterTransaction(transaction, state) {
      if (!transaction.docChanged) {
        // The caret moved (a click, an arrow): typing after it is a new step, as in a word processor.
        if (transaction.selectionSet && !transaction.getMeta(ySyncPluginKey)) lastWasTyping = false;
        return true;
      }
      if (transaction.getMeta('addToHistory') === false) {
        // Written at once, after any run of typing still waiting for its frame (typing-write.ts).
        beforeChange(null, false);
        if (typingIn !== null) typingIn = transaction.mapping.map(typingIn, -1);
        return true;
      }
      const block = typingBlock(transaction);
      const continues = block !== null && lastWasTyping && typingIn === block;
      // The run before a new step is written to Yjs before the undo manager is told the step ends.
      beforeChange(block === null || transaction.getMeta(ySyncPluginKey) ? null : transaction.doc, !continues);
      if (!continues) yUndoPluginKey.getState(state)?.undoManager?.stopCapturing();
      lastWasTyping = block !== null;
      // Mapped to the left: text typed at the very start of the paragraph does not move its start.
      typingIn = block === null ? null : transaction.mapping.map(block, -1);
      return true;
    },
  });
}

/** The start of the paragraph a transaction types or deletes text in, or null for any other change. */
function typingBlock(transaction: Transaction): number | null {
  let block: number | null = null;
  const doc = transaction.docs[0] ?? transaction.doc;
  for (const step of transaction.steps) {
    if (!(step instanceof ReplaceStep)) return null;
    const { from, to, slice } = step as unknown as {
      from: number;
      to: number;
      slice: import('@tiptap/pm/model').Slice;
    };
    if (slice.openStart !== 0 || slice.openEnd !== 0) return null;
    let inline = true;
    slice.content.forEach((node) => {
      if (!node.isInline) inline = false;
    });
    if (!inline) return null;
    const $from = doc.resolve(Math.min(from, doc.content.size));
    const $to = doc.resolve(Math.min(to, doc.content.size));
    if (!$from.parent.isTextblock || !$from.sameParent($to)) return null;
    const start = $from.start();
    if (block !== null && block !== start) return null;
    block = start;
  }
  return block;
}
