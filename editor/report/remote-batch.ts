import * as decoding from 'lib0/decoding';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { writeTypingNow } from './typing-write';
import { applyFirstState } from './write-after-paint';

/** y-websocket's message types for the sync protocol and for presence. */
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

/**
 * Applies the others' changes (and then their presence) together, at most `windowMs` after the first arrives, in one Yjs
 * transaction. Each change applied on its own was a whole ProseMirror transaction (every plugin,
 * the comparison of the page with the new document across the agreement list, the others' carets
 * placed again, a write to the offline store): with 20 delegations typing into a 2,000-agreement
 * report that took over a quarter of the browser's time, and each one could delay one's own
 * keystroke. Together they cost about what one did. One's own typing is never held back, and the
 * server's answers (sync step 2, which tell the editor its work is saved) are handled at once, after
 * whatever was held. Returns a function that applies what is held now.
 */
export function batchRemoteUpdates(provider: WebsocketProvider, windowMs: number): () => void {
  const handlers = provider.messageHandlers;
  const original = handlers[MESSAGE_SYNC]!;
  let held: Uint8Array[] = [];
  // The others' carets and presence, held with their changes: applied after them (a caret points
  // into the text its change brought), all redrawn once (build patch 11).
  let heldPresence: Uint8Array[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (held.length === 0 && heldPresence.length === 0) return;
    const updates = held;
    const presence = heldPresence;
    held = [];
    heldPresence = [];
    // One's own run of typing reaches Yjs first: the binding then redraws the page from Yjs, and
    // places the others' carets by what Yjs holds.
    writeTypingNow();
    try {
      if (updates.length > 0)
        Y.transact(
          provider.doc,
          () => {
            for (const update of updates) Y.applyUpdate(provider.doc, update, provider);
          },
          provider,
        );
    } catch (error) {
      // As y-protocols does for one update: an error thrown by a listener must not stop the others.
      console.error('Caught error while handling Yjs updates', error);
    }
    for (const update of presence) applyAwarenessUpdate(provider.awareness, update, provider);
  };
  handlers[MESSAGE_SYNC] = (encoder, decoder, current, emitSynced, messageType) => {
    const start = decoder.pos;
    if (decoding.readVarUint(decoder) === syncProtocol.messageYjsUpdate) {
      held.push(decoding.readVarUint8Array(decoder));
      // Until the first sync this is the report itself (a room still loading on the server sends
      // its stored state as updates): applied in the next task, not held for others to join it.
      timer ??= setTimeout(flush, provider.synced ? windowMs : 0);
      return;
    }
    decoder.pos = start;
    flush();
    writeTypingNow();
    // The answer to the first sync step carries the report itself.
    const step = decoding.readVarUint(decoder);
    const update = step === syncProtocol.messageYjsSyncStep2 ? decoding.readVarUint8Array(decoder) : null;
    decoder.pos = start;
    if (update)
      applyFirstState(provider.doc, update, provider, () =>
        original(encoder, decoder, current, emitSynced, messageType),
      );
    else original(encoder, decoder, current, emitSynced, messageType);
  };
  handlers[MESSAGE_AWARENESS] = (_encoder, decoder) => {
    heldPresence.push(decoding.readVarUint8Array(decoder));
    timer ??= setTimeout(flush, windowMs);
  };
  // Connecting, disconnecting: what arrived is applied before anything else happens.
  provider.on('status', ({ status }: { status: string }) => {
    // Disconnected, y-websocket has just removed everyone else's presence: what was held of it is
    // stale and would bring their carets back until they time out.
    if (status !== 'connected') heldPresence = [];
    flush();
  });
  return flush;
}
