import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';

const underDiscussionKey = new PluginKey<UnderDiscussion>('accordUnderDiscussion');

interface UnderDiscussion {
  /** The agreement's id: a remote change replaces the document's nodes, and positions mapped through it are lost. */
  id: string | null;
  decorations: DecorationSet;
}

const NONE: UnderDiscussion = { id: null, decorations: DecorationSet.empty };

/**
 * The agreement under discussion, as the projector shows it to the room: a node decoration, so that it
 * stays on the agreement whatever redraws it — its status changing (the item's view rewrites its
 * attributes), a placeholder of a long report replaced by the real agreement, an undo that builds it
 * anew. A class put on the element by hand was lost in each of these until the secretariat's caret
 * moved again. Followed by the agreement's id across changes.
 */
export function underDiscussionPlugin(): Plugin<UnderDiscussion> {
  return new Plugin<UnderDiscussion>({
    key: underDiscussionKey,
    state: {
      init: () => NONE,
      apply: (tr, current) => {
        const meta = tr.getMeta(underDiscussionKey) as number | null | undefined;
        if (meta !== undefined) return marked(tr.doc, meta === null ? null : tr.doc.nodeAt(meta), meta ?? 0);
        if (!tr.docChanged || current.id === null) return current;
        const decorations = current.decorations.map(tr.mapping, tr.doc);
        const mapped = decorations.find()[0];
        if (mapped && tr.doc.nodeAt(mapped.from)?.attrs.id === current.id) return { id: current.id, decorations };
        const found = findAgreement(tr.doc, current.id);
        return found ? marked(tr.doc, found.node, found.pos) : NONE;
      },
    },
    props: { decorations: (state) => underDiscussionKey.getState(state)?.decorations },
  });
}

function marked(doc: PMNode, agreement: PMNode | null, pos: number): UnderDiscussion {
  if (agreement?.type.name !== 'agreement') return NONE;
  return {
    id: String(agreement.attrs.id),
    decorations: DecorationSet.create(doc, [
      Decoration.node(pos, pos + agreement.nodeSize, { class: 'under-discussion' }),
    ]),
  };
}

/** The agreement with this id, and where it starts. */
function findAgreement(doc: PMNode, id: string): { node: PMNode; pos: number } | null {
  let found: { node: PMNode; pos: number } | null = null;
  doc.forEach((child, offset) => {
    if (found || child.type.name !== 'agreementList') return;
    child.forEach((agreement, inner) => {
      if (!found && agreement.attrs.id === id) found = { node: agreement, pos: offset + 1 + inner };
    });
  });
  return found;
}

/** Marks the agreement that starts at `pos` as under discussion (null: none); nothing if it already is. */
export function setUnderDiscussion(view: EditorView, pos: number | null): void {
  if (underDiscussion(view) === pos) return;
  view.dispatch(view.state.tr.setMeta(underDiscussionKey, pos));
}

/** Where the agreement under discussion starts, or null. */
export function underDiscussion(view: EditorView): number | null {
  return underDiscussionKey.getState(view.state)?.decorations.find()[0]?.from ?? null;
}
