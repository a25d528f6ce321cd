import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { newProposalId } from '../../schema/marks/proposal-attributes';
import { PROPOSAL_META, proposalFor, proposeItem, proposeMove } from '../../schema/negotiation/propose';
import { COMMENT_META } from './comments/comment-target';
import { insertedText } from './inserted-text';

export interface NegotiationOptions {
  /** The delegation's name when this editor proposes (negotiation mode, or the secretariat's choice), else null. */
  proposingAs: () => string | null;
  /** Who may bracket: anyone who may edit; the name brackets carry. */
  bracketAs: () => string | null;
  onRefused: (reason: string, refusedText: string) => void;
  /** The letter style a new sub-item list takes (Tab under an agreement that has none). */
  subItemStyle: () => string;
}

/**
 * Negotiation in the editor: while proposing, every change the user makes is turned into a proposal
 * under their delegation's name before it is applied (schema/negotiation/propose.ts) — the same rules
 * the server enforces, so nothing a delegate types is reverted. Enter proposes a new agreement or
 * sub-item (numbered `bis`); Tab and Shift-Tab propose moving an item between levels. Brackets: the toolbar, Ctrl-Alt-B, or typing `[` over a selection.
 */
export const Negotiation = Extension.create<NegotiationOptions>({
  name: 'accordNegotiation',
  priority: 1100,
  addOptions() {
    return { proposingAs: () => null, bracketAs: () => null, onRefused: () => {}, subItemStyle: () => 'a.' };
  },
  dispatchTransaction({ transaction, next }) {
    const by = this.options.proposingAs();
    if (
      !by ||
      !transaction.docChanged ||
      transaction.getMeta(ySyncPluginKey) ||
      transaction.getMeta(PROPOSAL_META) ||
      // A comment's anchor changes no words: not a proposal.
      transaction.getMeta(COMMENT_META)
    )
      return next(transaction);
    const outcome = proposalFor(transaction, this.editor.state, by);
    if (outcome === null) return next(transaction);
    if ('refused' in outcome) {
      this.options.onRefused(outcome.refused, insertedText(transaction));
      return;
    }
    next(outcome.transaction);
  },
  addKeyboardShortcuts() {
    const proposing = () => this.options.proposingAs();
    // Tab and Shift-Tab propose the move: the words struck where they are, proposed where they would go.
    const move = (direction: 'sink' | 'lift') => () => {
      const by = proposing();
      if (!by) return false;
      const outcome = proposeMove(this.editor.state, by, direction, this.options.subItemStyle());
      if (typeof outcome === 'string') this.options.onRefused(outcome, '');
      else this.editor.view.dispatch(outcome);
      return true;
    };
    return {
      Enter: () => {
        const by = proposing();
        if (!by) return false;
        const tr = proposeItem(this.editor.state, by);
        if (!tr) return false;
        this.editor.view.dispatch(tr);
        return true;
      },
      Tab: move('sink'),
      'Shift-Tab': move('lift'),
      'Mod-Alt-b': () =>
        this.editor.commands.command(({ state, dispatch }) => bracket(state.tr, this.options, dispatch)),
    };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin({
        key: new PluginKey('accordBrackets'),
        props: {
          // Typing `[` over a selection brackets it, as a negotiator would write it by hand.
          handleTextInput(view, from, to, text) {
            if (text !== '[' || from === to) return false;
            return bracket(view.state.tr, options, (tr) => view.dispatch(tr));
          },
        },
      }),
    ];
  },
});

/** Brackets the selection under this participant's name. */
export function bracket(
  tr: Transaction,
  options: Pick<NegotiationOptions, 'bracketAs'>,
  dispatch: ((tr: Transaction) => void) | undefined,
): boolean {
  const by = options.bracketAs();
  const { from, to } = tr.selection;
  if (!by || from === to) return false;
  const type = tr.doc.type.schema.marks.bracket!;
  if (dispatch) dispatch(tr.addMark(from, to, type.create({ id: newProposalId(), by, at: new Date().toISOString() })));
  return true;
}
