import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { agreementsIn } from '../../schema/index';

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
        if (meta !== undefined) return marked(tr.doc, meta);
        if (!tr.docChanged || current.id === null) return current;
        const decorations = current.decorations.map(tr.mapping, tr.doc);
        const mapped = decorations.find()[0];
        if (mapped && tr.doc.nodeAt(mapped.from)?.attrs.id === current.id) return { id: current.id, decorations };
        const found = agreementsIn(tr.doc).find(({ node }) => node.attrs.id === current.id);
        return found ? marked(tr.doc, found.pos) : NONE;
      },
    },
    props: { decorations: (state) => underDiscussionKey.getState(state)?.decorations },
  });
}

/** The agreement that starts at `pos` as under discussion (none if there is no agreement there). */
function marked(doc: PMNode, pos: number | null): UnderDiscussion {
  const agreement = pos === null ? null : doc.nodeAt(pos);
  if (pos === null || agreement?.type.name !== 'agreement') return NONE;
  return {
    id: String(agreement.attrs.id),
    decorations: DecorationSet.create(doc, [
      Decoration.node(pos, pos + agreement.nodeSize, { class: 'under-discussion' }),
    ]),
  };
}

/** Marks the agreement that starts at `pos` as under discussion (null: none); nothing if it already is. */
export function setUnderDiscussion(view: EditorView, pos: number | null): void {
  const current = underDiscussionKey.getState(view.state)?.decorations.find()[0]?.from ?? null;
  if (current !== pos) view.dispatch(view.state.tr.setMeta(underDiscussionKey, pos));
}
