import * as Y from 'yjs';

/** The items a transaction created (not those it only deleted), in clock order per client. */
export function newItems(transaction: Y.Transaction): Y.Item[] {
  const items: Y.Item[] = [];
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = transaction.doc.store.clients.get(client) ?? [];
    for (let index = firstAtOrAfter(structs, before); index < structs.length; index++) {
      const struct = structs[index]!;
      if (struct.id.clock >= after) break;
      if (struct instanceof Y.Item) items.push(struct);
    }
  }
  return items;
}

/** Index of the struct holding `clock`, or of the first one after it. */
function firstAtOrAfter(structs: (Y.Item | Y.GC)[], clock: number): number {
  let low = 0;
  let high = structs.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const struct = structs[middle]!;
    if (clock < struct.id.clock) high = middle - 1;
    else if (clock >= struct.id.clock + struct.length) low = middle + 1;
    else return middle;
  }
  return low;
}

/** The value an attribute item (a map entry) holds. */
export function entryValue(item: Y.Item | null): unknown {
  if (!item || item.content instanceof Y.ContentDeleted) return undefined;
  return item.content.getContent()[0];
}

/** The entry this one replaced: the key's previous value (undefined when the key is new). */
export function previousValue(item: Y.Item): unknown {
  return entryValue(item.left);
}
