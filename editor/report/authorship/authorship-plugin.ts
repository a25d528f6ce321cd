import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { type Authorship, authorshipOf, type Writer } from './authorship';

interface State {
  on: boolean;
  decorations: DecorationSet;
  /** Raised to draw again without a change to the text (the writer list grew). */
  generation: number;
}

const authorshipKey = new PluginKey<State>('accordAuthorship');

/** Quiet time after the last change before the colours are drawn again; the longest they lag. */
const QUIET_MS = 300;
const MAX_LAG_MS = 1500;

export interface AuthorshipOptions {
  /** The writers known so far (client id → participant), and a way to ask for ones not yet known. */
  writers: () => ReadonlyMap<number, Writer>;
  fetchWriters: (unknown: ReadonlySet<number>) => void;
  /** Called after each drawing, for the legend and the outline's shares (null when turned off). */
  onDrawn: (authorship: Authorship | null) => void;
}

/**
 * "Who wrote what": when on, every run of text is drawn in the colour of the participant who wrote
 * it, with the name on hover. Off by default: drawing walks the whole report's Yjs items, so it is
 * done when changes pause (decorations follow the text in between), never inside a keystroke.
 */
export const AuthorshipView = Extension.create<AuthorshipOptions>({
  name: 'accordAuthorship',
  addOptions() {
    return { writers: () => new Map(), fetchWriters: () => {}, onDrawn: () => {} };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<State>({
        key: authorshipKey,
        state: {
          init: () => ({ on: false, decorations: DecorationSet.empty, generation: 0 }),
          apply(transaction, state) {
            const meta = transaction.getMeta(authorshipKey) as Partial<State> | undefined;
            if (meta) return { ...state, ...meta };
            if (!state.on || !transaction.docChanged) return state;
            return { ...state, decorations: state.decorations.map(transaction.mapping, transaction.doc) };
          },
        },
        props: {
          decorations: (state) => authorshipKey.getState(state)?.decorations,
        },
        view: (view) => {
          let quiet: ReturnType<typeof setTimeout> | null = null;
          let lag: ReturnType<typeof setTimeout> | null = null;
          const draw = () => {
            if (quiet) clearTimeout(quiet);
            if (lag) clearTimeout(lag);
            quiet = lag = null;
            if (!authorshipKey.getState(view.state)?.on) return;
            redraw(view, options);
          };
          return {
            update(current, previous) {
              const state = authorshipKey.getState(current.state);
              const before = authorshipKey.getState(previous);
              if (!state?.on) return;
              if (!before?.on || state.generation !== before.generation) return draw();
              if (current.state.doc === previous.doc) return;
              if (quiet) clearTimeout(quiet);
              quiet = setTimeout(draw, QUIET_MS);
              lag ??= setTimeout(draw, MAX_LAG_MS);
            },
            destroy() {
              if (quiet) clearTimeout(quiet);
              if (lag) clearTimeout(lag);
            },
          };
        },
      }),
    ];
  },
});

function redraw(view: EditorView, options: AuthorshipOptions): void {
  const binding = ySyncPluginKey.getState(view.state)?.binding as
    | { mapping: Map<Y.AbstractType<unknown>, never> }
    | undefined;
  if (!binding) return;
  const authorship = authorshipOf(view.state.doc, binding.mapping, options.writers());
  const decorations = authorship.runs.map((run) =>
    Decoration.inline(
      run.from,
      run.to,
      run.writer
        ? {
            class: 'authored',
            style: `--author: ${run.writer.color}`,
            title: run.writer.name,
            'data-author': run.writer.name,
          }
        : { class: 'authored unknown' },
    ),
  );
  view.dispatch(
    view.state.tr.setMeta(authorshipKey, { decorations: DecorationSet.create(view.state.doc, decorations) }),
  );
  if (authorship.unknownClients.size > 0) options.fetchWriters(authorship.unknownClients);
  options.onDrawn(authorship);
}

/** Turns the view on (drawn at once) or off. */
export function setAuthorship(view: EditorView, on: boolean): void {
  view.dispatch(view.state.tr.setMeta(authorshipKey, on ? { on } : { on, decorations: DecorationSet.empty }));
}

/** Draws again now (after the writer list changed). */
export function redrawAuthorship(view: EditorView): void {
  const state = authorshipKey.getState(view.state);
  if (state?.on) view.dispatch(view.state.tr.setMeta(authorshipKey, { generation: state.generation + 1 }));
}
