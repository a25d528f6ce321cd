import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { agreementAt } from '../../schema/index';

/** The attribute that keeps an agreement drawn while the caret is in it (styles.css). */
const HOLDS_CARET = 'data-holds-caret';

/**
 * Keeps the agreement that holds the caret, and those beside it, drawn. Agreements are `content-visibility: auto` (a long
 * report lays out only what is near the screen), and Chromium decides whether a newly drawn one is
 * near the screen only at its next frame: until then its contents are skipped, and a character
 * typed into it goes to the next place that is drawn. A delegate who pressed Enter and typed at once
 * (within a frame — a fast typist, or a busy machine) saw the words land at the start of the next
 * agreement, for everyone (one in three or four tries in a test that did just that). The agreements
 * at the selection's ends are marked, in the same update that put the caret there, so the browser
 * draws them before it handles the next key; so are their neighbours, where an arrow key goes next.
 */
export function caretItemPlugin(): Plugin {
  return new Plugin({
    key: new PluginKey('accordCaretItem'),
    view: (view) => {
      let held: HTMLElement[] = [];
      const update = (current: EditorView) => {
        const { anchor, head } = current.state.selection;
        const now = [agreementElement(current, head)];
        if (anchor !== head) now.push(agreementElement(current, anchor));
        // And the agreements beside them: an arrow key moves the caret into one at once.
        for (const element of [...now])
          now.push(sibling(element?.previousElementSibling), sibling(element?.nextElementSibling));
        const holding = now.filter((element): element is HTMLElement => element !== null);
        for (const element of held) if (!holding.includes(element)) element.removeAttribute(HOLDS_CARET);
        // Set again on every update: the item's view rewrites its attributes when the item's change.
        for (const element of holding) if (!element.hasAttribute(HOLDS_CARET)) element.setAttribute(HOLDS_CARET, '');
        held = holding;
      };
      update(view);
      return { update };
    },
  });
}

function sibling(element: Element | null | undefined): HTMLElement | null {
  return element instanceof HTMLElement && element.tagName === 'LI' ? element : null;
}

/** The element of the agreement around `pos`, or null outside agreements (the preamble). */
function agreementElement(view: EditorView, pos: number): HTMLElement | null {
  const agreement = agreementAt(view.state.doc.resolve(pos));
  const element = agreement && view.nodeDOM(agreement.pos);
  return element instanceof HTMLElement ? element : null;
}

/**
 * Lays out an agreement's contents now, before the caret is in it: a position found in it by where it
 * is on the screen (a click) needs them (caretItemPlugin takes over once the caret is there).
 */
export function layOutNow(agreement: HTMLElement): void {
  agreement.setAttribute(HOLDS_CARET, '');
}
