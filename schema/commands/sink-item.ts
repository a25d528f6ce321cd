import type { SubItemStyle } from '../numbering';
import { childrenOf, itemAt, partsOf } from './item-context';
import { buildItem, replaceAgreements, restoreCursor } from './rebuild';
import { subItemStyleOf } from './style';
import type { Command } from './types';

/**
 * Tab: the agreement under the cursor becomes the last sub-item of the agreement above it; its own
 * sub-items follow it as sub-items (a report has two levels). Not possible for the first agreement
 * of a list, nor for a sub-item.
 */
export function sinkItem(defaultStyle?: SubItemStyle): Command {
  return (state, dispatch) => {
    const context = itemAt(state.selection.$from);
    if (context?.kind !== 'agreement' || context.index === 0) return false;
    if (!dispatch) return true;
    const schema = state.schema;
    const previous = context.list.child(context.index - 1);
    const { paragraphs: previousParagraphs, subList: previousSubs } = partsOf(previous);
    const { paragraphs, subList } = partsOf(context.item);
    const style = previousSubs ? subItemStyleOf(previousSubs) : subList ? subItemStyleOf(subList) : defaultStyle;
    const moved = buildItem(schema, 'subItem', context.item.attrs.id, paragraphs);
    const merged = buildItem(
      schema,
      'agreement',
      previous.attrs.id,
      previousParagraphs,
      [...childrenOf(previousSubs), moved, ...childrenOf(subList)],
      style,
    );
    const { $from } = state.selection;
    const tr = state.tr;
    replaceAgreements(tr, context.listPos, context.index - 1, context.index + 1, { left: [merged] });
    restoreCursor(tr, context.item.attrs.id, context.paragraphIndex, $from.parentOffset);
    dispatch(tr.scrollIntoView());
    return true;
  };
}
