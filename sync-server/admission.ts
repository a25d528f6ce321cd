import * as Y from 'yjs';

/**
 * Whether a client's update may be applied at all, decided before any of it touches the room.
 *
 * Yjs keeps what it cannot integrate yet (an item whose origin it has not seen, a deletion of clocks
 * that do not exist) as *pending*, and applies it later inside someone else's update; pending state
 * also travels in every full-state encoding. A hostile client uses that to delete or inject text long
 * after any rule looked. So the server applies only updates that are complete against its state now,
 * whose new items are written under client ids this connection owns, and that nest no deeper than a
 * report ever does.
 */

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

export interface Refusal {
  /**
   * `incomplete`: it depends on content the server does not have (an honest client that was offline
   * can resend it all); `forbidden`: it is hostile or broken whatever the state (foreign client ids,
   * unknown shared types, nesting too deep).
   */
  kind: 'incomplete' | 'forbidden';
  reason: string;
}

export interface AdmissionContext {
  /** The room's document: read only. */
  doc: Y.Doc;
  /** Whether this connection may write new items under `client`. */
  mayWrite(client: number): boolean;
  /** The shared types (root names) a client may write into. */
  roots: ReadonlySet<string>;
  /** Deepest nesting of a type below its root. */
  maxDepth: number;
}

/** Returns why `update` may not be applied, or null; `clients` gets the client ids it writes under. */
export function admitUpdate(update: DecodedUpdate, context: AdmissionContext, clients?: Set<number>): Refusal | null {
  const { doc } = context;
  const fresh = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>();
  for (const struct of update.structs) {
    // Even a struct the room already has names its root when Yjs reads it (and Yjs creates that
    // root in the document): an unknown name is refused whatever the clocks.
    const root = struct instanceof Y.Item ? (struct.parent as unknown) : null;
    if (typeof root === 'string' && !context.roots.has(root))
      return forbidden(`it writes to "${root.slice(0, 40)}", which is not part of a report`);
    const client = struct.id.client;
    if (struct.id.clock + struct.length <= Y.getState(doc.store, client)) continue;
    let list = fresh.get(client);
    if (!list) {
      list = [];
      fresh.set(client, list);
    }
    list.push(struct);
  }
  for (const [client, list] of fresh) {
    if (list.every((struct) => struct instanceof Y.Skip)) continue;
    if (!context.mayWrite(client))
      return forbidden(`it writes under client id ${client}, which belongs to another participant or the server`);
    list.sort((a, b) => a.id.clock - b.id.clock);
    clients?.add(client);
  }

  // Integrate in thought, as Yjs would: a struct is ready once everything it points at exists.
  const available = new Map<number, number>();
  const availableOf = (client: number) => available.get(client) ?? Y.getState(doc.store, client);
  const depths = new Map<Y.Item | Y.GC | Y.Skip, number>();
  const queues = [...fresh.entries()].map(([client, list]) => ({ client, list, next: 0 }));
  let progress = true;
  while (progress) {
    progress = false;
    for (const queue of queues) {
      while (queue.next < queue.list.length) {
        const struct = queue.list[queue.next]!;
        if (struct instanceof Y.Skip || struct.id.clock > availableOf(queue.client)) break;
        if (struct instanceof Y.Item) {
          if (!dependenciesExist(struct, availableOf)) break;
          const depth = depthOf(struct, context, fresh, depths);
          if (typeof depth === 'string') return forbidden(depth);
          if (depth > context.maxDepth) return forbidden(`it nests content deeper than ${context.maxDepth} levels`);
          depths.set(struct, depth);
        }
        available.set(queue.client, Math.max(availableOf(queue.client), struct.id.clock + struct.length));
        queue.next += 1;
        progress = true;
      }
    }
  }
  if (queues.some((queue) => queue.list.slice(queue.next).some((struct) => !(struct instanceof Y.Skip))))
    return incomplete('it depends on content the server does not have');
  for (const [client, ranges] of update.ds.clients) {
    for (const range of ranges) {
      if (range.len > 0 && range.clock + range.len > availableOf(client))
        return incomplete('it deletes content that does not exist');
    }
  }
  return null;
}

function forbidden(reason: string): Refusal {
  return { kind: 'forbidden', reason };
}

function incomplete(reason: string): Refusal {
  return { kind: 'incomplete', reason };
}

/** Whether the item's origins and parent exist (in the room, or earlier in this update). */
function dependenciesExist(item: Y.Item, availableOf: (client: number) => number): boolean {
  const exists = (id: Y.ID | null): boolean => {
    if (id === null) return true;
    // An item's own earlier clocks must come before it; another client's must already be there.
    return id.client === item.id.client ? id.clock < item.id.clock : id.clock < availableOf(id.client);
  };
  const parent = item.parent as unknown;
  return exists(item.origin) && exists(item.rightOrigin) && (!(parent instanceof Y.ID) || exists(parent));
}

/**
 * How deep the item sits below its root (a root's children are at 1), or why it may not be written:
 * a root type that is not the report's. An item whose neighbours were garbage-collected is discarded
 * by Yjs, so its depth does not matter (0).
 */
function depthOf(
  item: Y.Item,
  context: AdmissionContext,
  fresh: Map<number, (Y.Item | Y.GC | Y.Skip)[]>,
  depths: Map<Y.Item | Y.GC | Y.Skip, number>,
): number | string {
  const parent = item.parent as unknown;
  if (typeof parent === 'string') {
    return context.roots.has(parent) ? 1 : `it writes to "${parent.slice(0, 40)}", which is not part of a report`;
  }
  if (parent instanceof Y.ID) {
    const inUpdate = find(fresh, parent);
    if (inUpdate) return (depths.get(inUpdate) ?? 0) + 1;
    const existing = Y.getItem(context.doc.store, parent);
    if (!(existing instanceof Y.Item) || !(existing.content instanceof Y.ContentType)) return 0;
    return typeDepth(existing.content.type, context.maxDepth) + 1;
  }
  // No parent written: it is the parent of the item's neighbour.
  const neighbour = item.origin ?? item.rightOrigin;
  if (!neighbour) return 0;
  const inUpdate = find(fresh, neighbour);
  if (inUpdate) return depths.get(inUpdate) ?? 0;
  const existing = Y.getItem(context.doc.store, neighbour);
  if (!(existing instanceof Y.Item) || !existing.parent) return 0;
  return typeDepth(existing.parent as Y.AbstractType<unknown>, context.maxDepth) + 1;
}

/** A type's depth below its root (a root is 0), counted no further than `cap` + 1. */
function typeDepth(type: Y.AbstractType<unknown>, cap: number): number {
  let depth = 0;
  for (let item = type._item; item && depth <= cap; item = (item.parent as Y.AbstractType<unknown>)._item) depth += 1;
  return depth;
}

/** The struct of this update holding `id`, if any. */
function find(fresh: Map<number, (Y.Item | Y.GC | Y.Skip)[]>, id: Y.ID): Y.Item | Y.GC | Y.Skip | undefined {
  const list = fresh.get(id.client);
  if (!list) return undefined;
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const struct = list[middle]!;
    if (id.clock < struct.id.clock) high = middle - 1;
    else if (id.clock >= struct.id.clock + struct.length) low = middle + 1;
    else return struct;
  }
  return undefined;
}
