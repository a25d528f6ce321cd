import { Plugin, PluginKey } from '@tiptap/pm/state';

/**
 * Typed characters leave the scrolling to the browser. It inserts a typed character itself and
 * brings the caret into view as in any text box; ProseMirror, reading the change afterwards, then
 * measured the caret again to scroll it into view — a layout of the page inside every keystroke
 * (a fifth of the editor's own time per key in a 300-agreement report). Every other change (Enter,
 * Tab, a paste, undo, a remote change) still scrolls as ProseMirror does.
 */
export function typedScrollPlugin(): Plugin {
  let typed = false;
  return new Plugin({
    key: new PluginKey('accordTypedScroll'),
    props: {
      handleTextInput() {
        // The change is dispatched in this same call; whatever comes after is not typing.
        typed = true;
        queueMicrotask(() => {
          typed = false;
        });
        return false;
      },
      handleScrollToSelection() {
        if (!typed) return false;
        typed = false;
        return true;
      },
    },
  });
}
