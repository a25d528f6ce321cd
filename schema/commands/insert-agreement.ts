import type { Node as PMNode } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import { itemAt } from './item-context';
import { emptyItem } from './rebuild';
import type { Command } from './types';

/**
 * The toolbar's "New agreement": an empty agreement right after the one under the cursor (after its
 * sub-items), or, from a paragraph or heading, right after that block, joining a list that follows.
 */
export const insertAgreement: Command = (state, dispatch) => {
  if (!dispatch) return true;
  const schema = state.schema;
  const { $from } = state.selection;
  const context = itemAt($from);
  const tr = state.tr;
  const agreement = emptyItem(schema, 'agreement');
  if (context) {
    const owner = context.kind === 'agreement' ? context : context.agreement;
    if (!owner) return false;
    const at = owner.pos + owner.item.nodeSize;
    tr.insert(at, agreement);
    tr.setSelection(TextSelection.create(tr.doc, at + 2));
  } else {
    const index = $from.index(0);
    const blockEnd = $from.depth === 0 ? $from.pos : $from.after(1);
    const next: PMNode | null = index + 1 < state.doc.childCount ? state.doc.child(index + 1) : null;
    if (next?.type.name === 'agreementList') {
      tr.insert(blockEnd + 1, agreement);
      tr.setSelection(TextSelection.create(tr.doc, blockEnd + 3));
    } else {
      tr.insert(blockEnd, schema.nodes.agreementList!.create(null, agreement));
      tr.setSelection(TextSelection.create(tr.doc, blockEnd + 3));
    }
  }
  dispatch(tr.scrollIntoView());
  return true;
};
