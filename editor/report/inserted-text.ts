import type { Slice } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';

/** What a transaction typed or pasted: handed back with a refusal, so it can be copied, not lost. */
export function insertedText(transaction: Transaction): string {
  return transaction.steps
    .map((step) => {
      const slice = (step as unknown as { slice?: Slice }).slice;
      return slice ? slice.content.textBetween(0, slice.content.size, '\n') : '';
    })
    .join('');
}
