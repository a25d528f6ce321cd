import type { Node as PMNode, ResolvedPos } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, Selection, TextSelection } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView, type NodeView } from '@tiptap/pm/view';
import { agreementAt, agreementsIn } from '../../schema/index';
import { whenIdle } from '../when-idle';
import { layOutNow } from './caret-item';
import { type Label, LabelledItem, type Views } from './item-element';

/** Reports of at least this many agreements open with the far ones as placeholders. */
export const LAZY_FROM = 500;
/** Agreements drawn at once from the top as such a report opens (the first screens). */
const FIRST = 60;
/** Placeholders replaced by the editor's own drawing in one idle moment (~20 ms of work at 2,000 agreements). */
const CHUNK = 40;
/** The longest the next ones wait for an idle moment on a busy page. */
const CHUNK_WAIT_MS = 100;

interface Lazy {
  /** No content has arrived yet: the first that does decides. */
  opening: boolean;
  /**
   * The agreements still drawn as placeholders, by node (an agreement that changes is drawn anew,
   * properly); null once none is left.
   */
  waiting: Set<PMNode> | null;
  /**
   * The agreements to draw properly in this update, one node decoration each: a changed decoration
   * is what makes ProseMirror ask a node's view again. Gone at the next update. (A decoration on
   * every placeholder instead cost a scan of all of them for each agreement at every update:
   * ~50 ms per keystroke while a report of 2,000 agreements was being drawn.)
   */
  drawing: DecorationSet;
}

const lazyKey = new PluginKey<Lazy>('accordLazyAgreements');

/** Whether the node view factory draws this agreement as a placeholder. */
export function isPlaceholder(state: EditorState, agreement: PMNode): boolean {
  return lazyKey.getState(state)?.waiting?.has(agreement) ?? false;
}

/**
 * A long report opens with its far-away agreements as placeholders, then draws them properly, a
 * few dozen at a time, whenever the browser is idle — those on the screen first. Building ProseMirror's
 * view of 2,000 agreements (their node views, paragraphs, labels) was over a third of the time to
 * open one; a placeholder is the agreement's label and words as plain, uneditable text, so the page
 * reads and scrolls the same (a screen reader too) while it is replaced. Nothing else changes: the
 * document, Yjs and every command see the real agreements; the agreements at the selection's ends
 * are always drawn properly, in the same change that puts the selection there (a go-to, a find), so
 * the caret is never in a placeholder; a clicked one is drawn as the mouse button goes down. The
 * others' carets, find's highlights and "who wrote what" appear in a placeholder once it is replaced
 * (about a second after opening).
 */
export function lazyAgreementsPlugin(): Plugin<Lazy> {
  return new Plugin<Lazy>({
    key: lazyKey,
    state: {
      init: () => ({ opening: true, waiting: null, drawing: DecorationSet.empty }),
      apply: (tr, lazy, _before, after) => {
        let { opening, waiting } = lazy;
        if (opening && tr.docChanged) {
          const agreements = agreementsIn(after.doc);
          if (agreements.length > 0) opening = false;
          if (agreements.length >= LAZY_FROM) waiting = new Set(agreements.slice(FIRST).map(({ node }) => node));
        }
        if (!waiting) {
          return opening === lazy.opening && lazy.drawing === DecorationSet.empty
            ? lazy
            : { opening, waiting, drawing: DecorationSet.empty };
        }
        const draw: { pos: number; node: PMNode }[] = [];
        const meta = tr.getMeta(lazyKey) as { from: number; to: number } | 'done' | undefined;
        if (meta === 'done') waiting = null;
        else if (meta) draw.push(...agreementsIn(after.doc, meta.from, meta.to));
        // The agreements at the selection's ends, and those beside them: the browser moves the caret
        // (arrow keys) only through drawn, editable text.
        for (const pos of new Set([after.selection.from, after.selection.to])) {
          const around = agreementAround(after.doc, pos);
          if (around) draw.push(around, ...besides(after.doc, around));
        }
        // Each state keeps its own set (a state is never changed after the fact).
        const drawn = new Map<PMNode, number>();
        for (const { pos, node } of draw) if (waiting?.has(node)) drawn.set(node, pos);
        if (waiting && drawn.size > 0) {
          waiting = new Set(waiting);
          for (const node of drawn.keys()) waiting.delete(node);
        }
        const drawing =
          drawn.size === 0
            ? DecorationSet.empty
            : DecorationSet.create(
                after.doc,
                [...drawn].map(([node, pos]) => Decoration.node(pos, pos + node.nodeSize, {}, DRAW)),
              );
        return drawing === DecorationSet.empty &&
          lazy.drawing === DecorationSet.empty &&
          waiting === lazy.waiting &&
          opening === lazy.opening
          ? lazy
          : { opening, waiting, drawing };
      },
    },
    props: {
      decorations: (state) => lazyKey.getState(state)?.drawing,
      // Keys that jump far (to the report's end or start, a page) while placeholders remain: the
      // browser moves the caret only through drawn text and stopped at the last agreement drawn.
      handleKeyDown: (view, event) => {
        if (!lazyKey.getState(view.state)?.waiting) return false;
        const target = jumpTarget(view, event);
        if (!target) return false;
        const { anchor } = view.state.selection;
        view.dispatch(
          view.state.tr
            .setSelection(
              event.shiftKey ? TextSelection.between(view.state.doc.resolve(anchor), target) : Selection.near(target),
            )
            .scrollIntoView(),
        );
        return true;
      },
    },
    view: (view) => {
      let cancel: (() => void) | null = null;
      const schedule = () => {
        if (cancel || !lazyKey.getState(view.state)?.waiting) return;
        cancel = whenIdle(() => {
          cancel = null;
          if (view.isDestroyed) return;
          view.dispatch(view.state.tr.setMeta(lazyKey, nextRange(view) ?? 'done'));
        }, CHUNK_WAIT_MS);
      };
      schedule();
      // A click on a placeholder draws its agreement before the browser and ProseMirror place the
      // caret: it lands where the delegate clicked, not at the agreement's start or end.
      const drawClicked = (event: MouseEvent) => {
        const placeholder = event.target instanceof Element ? event.target.closest('li[data-placeholder]') : null;
        const list = placeholder?.parentNode;
        if (!placeholder || !list || !view.dom.contains(placeholder)) return;
        const pos = view.posAtDOM(list, Array.prototype.indexOf.call(list.childNodes, placeholder), 1);
        view.dispatch(view.state.tr.setMeta(lazyKey, { from: pos, to: pos }));
        // The element clicked is gone: the browser would put the caret at the start of the report.
        // Where the click is in the agreement now drawn, the caret goes there.
        const drawn = view.nodeDOM(pos);
        if (drawn instanceof HTMLElement) layOutNow(drawn);
        const clicked = view.posAtCoords({ left: event.clientX, top: event.clientY });
        if (!clicked) return;
        event.preventDefault();
        view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(clicked.pos))));
        view.focus();
      };
      view.dom.addEventListener('mousedown', drawClicked, true);
      return {
        update: schedule,
        destroy: () => {
          cancel?.();
          view.dom.removeEventListener('mousedown', drawClicked, true);
        },
      };
    },
  });
}

const DRAW = { draw: true };

/**
 * Where Ctrl-End, Ctrl-Home, Page Down or Page Up puts the caret: the report's end or start, or the
 * place a screen below or above the caret (the agreement there is drawn with the selection).
 */
function jumpTarget(view: EditorView, event: KeyboardEvent): ResolvedPos | null {
  const { doc } = view.state;
  const jump = event.ctrlKey || event.metaKey;
  if (jump && event.key === 'End') return Selection.atEnd(doc).$head;
  if (jump && event.key === 'Home') return Selection.atStart(doc).$head;
  if (event.key !== 'PageDown' && event.key !== 'PageUp') return null;
  // As the browser does: the page scrolls by most of a screen, and the caret stays where it was on it.
  const caret = view.coordsAtPos(view.state.selection.head);
  window.scrollBy(0, (event.key === 'PageDown' ? 1 : -1) * window.innerHeight * 0.9);
  const top = Math.min(Math.max((caret.top + caret.bottom) / 2, 1), window.innerHeight - 1);
  const found = view.posAtCoords({ left: caret.left, top });
  return found ? doc.resolve(found.pos) : null;
}

/** The next placeholders to draw: from the one at the top of the screen on, else the first ones left. */
function nextRange(view: EditorView): { from: number; to: number } | null {
  const waiting = lazyKey.getState(view.state)?.waiting;
  const left = agreementsIn(view.state.doc).filter(({ node }) => waiting?.has(node));
  if (left.length === 0) return null;
  const box = view.dom.getBoundingClientRect();
  const top = view.posAtCoords({ left: box.left + box.width / 2, top: Math.max(box.top, 0) + 1 })?.pos ?? 0;
  let first = left.findIndex(({ pos, node }) => pos + node.nodeSize >= top);
  if (first < 0) first = Math.max(0, left.length - CHUNK);
  const chunk = left.slice(first, first + CHUNK);
  const last = chunk[chunk.length - 1]!;
  return { from: chunk[0]!.pos, to: last.pos + last.node.nodeSize };
}

/**
 * The agreement around a position, or right beside it (a selection of a whole agreement as a node
 * starts just before it and ends just after it).
 */
function agreementAround(doc: PMNode, pos: number): { pos: number; node: PMNode } | null {
  const $pos = doc.resolve(pos);
  const around = agreementAt($pos);
  if (around) return { pos: around.pos, node: around.item };
  if ($pos.nodeAfter?.type.name === 'agreement') return { pos, node: $pos.nodeAfter };
  if ($pos.nodeBefore?.type.name === 'agreement') return { pos: pos - $pos.nodeBefore.nodeSize, node: $pos.nodeBefore };
  return null;
}

/** The agreements just before and after one. */
function besides(doc: PMNode, agreement: { pos: number; node: PMNode }): { pos: number; node: PMNode }[] {
  const found: { pos: number; node: PMNode }[] = [];
  const before = doc.resolve(agreement.pos).nodeBefore;
  if (before?.type.name === 'agreement') found.push({ pos: agreement.pos - before.nodeSize, node: before });
  const at = agreement.pos + agreement.node.nodeSize;
  const after = doc.resolve(at).nodeAfter;
  if (after?.type.name === 'agreement') found.push({ pos: at, node: after });
  return found;
}

/**
 * A far-away agreement as it opens: an element like the node view's (its label, the status that
 * colours an agreed agreement), then its words as one uneditable text, a line per paragraph and per
 * sub-item (with its letter) — the least the browser can build that still reads and lays out as the
 * agreement does: building the real views of 2,000 agreements, or even these elements through the
 * schema, was a third of the time to open such a report. ProseMirror does not look inside (no content
 * element); the plugin replaces it with the real node view soon after, or at once when the
 * selection comes into it.
 */
export class PlaceholderView extends LabelledItem implements NodeView {
  constructor(node: PMNode, views: Views, labels: Map<PMNode, Label> | undefined) {
    // Not the schema's attributes (reading them was most of a placeholder's cost): what the page
    // needs to show and count it as an agreement.
    const attributes = new Map([
      ['data-type', 'agreement'],
      ['data-placeholder', ''],
    ]);
    if (node.attrs.status === 'agreed') attributes.set('data-status', 'agreed');
    super(node, views, labels?.get(node), attributes);
    let text = '';
    node.forEach((child) => {
      if (child.type.name !== 'subItemList') text += `${text ? '\n' : ''}${words(child)}`;
      else
        child.forEach((subItem) => {
          const letter = labels?.get(subItem)?.label;
          subItem.forEach((paragraph, _offset, index) => {
            text += `\n${index === 0 && letter ? `${letter} ` : ''}${words(paragraph)}`;
          });
        });
    });
    this.body.contentEditable = 'false';
    this.body.textContent = text;
  }

  /** Drawn again by the plugin's decision: a placeholder again, or the real node view. */
  update(): boolean {
    return false;
  }

  /** Nothing in a placeholder is the user's editing; where a click puts the selection still counts. */
  ignoreMutation(mutation: { type: string }): boolean {
    return mutation.type !== 'selection';
  }
}

/** A paragraph's words (its text nodes; a reference shows as its stored text once drawn). */
function words(paragraph: PMNode): string {
  let text = '';
  paragraph.forEach((child) => {
    if (child.isText) text += child.text;
  });
  return text;
}
