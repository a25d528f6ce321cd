import type { IndexeddbPersistence } from 'y-indexeddb';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterPaint, runAfterPaintNow } from './after-paint';

/**
 * Sends the document's changes to the server and keeps them in the browser's copy (IndexedDB) after
 * the frame that shows them, merged into one message and one stored record per frame. y-websocket and
 * y-indexeddb did both inside the keystroke, before the browser could paint it: encoding, a WebSocket
 * send, a BroadcastChannel post and an IndexedDB write took a third of the editor's own time per key
 * in a 300-agreement report. Only the timing changes: nothing is held longer than a frame (100 ms in a
 * hidden tab), and `flush` writes everything out at once where order matters (before a probe that
 * asks the server whether everything is saved, on leaving the page, on closing).
 */
export function writeAfterPaint(
  provider: WebsocketProvider,
  local: IndexeddbPersistence,
): { flush: () => void; dispose: () => void } {
  const doc = provider.doc;
  // Both libraries subscribe these in their constructors (and unsubscribe them on destroy, harmlessly).
  doc.off('update', provider._updateHandler);
  doc.off('update', local._storeUpdate);
  let toServer: Uint8Array[] = [];
  let toStore: Uint8Array[] = [];
  /** A flush is due after the next frame (local changes) / in the next task (the others' changes). */
  let framed = false;
  let timed = false;
  const merged = (updates: Uint8Array[]) => (updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  const flush = () => {
    if (toServer.length > 0) {
      const update = merged(toServer);
      toServer = [];
      // Not the provider as origin: the handler sends what does not come from the server.
      provider._updateHandler(update, null);
    }
    if (toStore.length > 0) {
      const update = merged(toStore);
      toStore = [];
      local._storeUpdate(update, null);
    }
  };
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    // As the two handlers decided: the server's changes are not sent back, the stored copy's own
    // loading is not stored again.
    if (origin !== provider) toServer.push(update);
    if (origin !== local) toStore.push(update);
    if (origin !== provider) {
      if (framed) return;
      framed = true;
      afterPaint(() => {
        framed = false;
        flush();
      });
    } else if (!timed) {
      // The others' changes are only stored: no frame is asked for (it would hold the next
      // keystroke's frame to the display's beat), the next task will do.
      timed = true;
      setTimeout(() => {
        timed = false;
        flush();
      }, 0);
    }
  };
  doc.on('update', onUpdate);
  // Leaving the page: the run of typing still waiting is written to Yjs, then sent and stored.
  window.addEventListener('pagehide', runAfterPaintNow);
  const dispose = () => {
    flush();
    doc.off('update', onUpdate);
    window.removeEventListener('pagehide', runAfterPaintNow);
  };
  return { flush, dispose };
}

/**
 * Applies the server's first state to a document that holds nothing yet, without Yjs encoding it
 * again: for its 'update' listeners Yjs re-encodes what each transaction integrated, and for a
 * 2,000-agreement report that was ~35 ms of opening it — to give the listeners bytes equal to those
 * just received. They get the received bytes instead (here the only one that needs them stores them
 * in the browser's copy; the server's changes are not sent back). `apply` applies `update`.
 */
export function applyFirstState(doc: Y.Doc, update: Uint8Array, origin: unknown, apply: () => void): void {
  const listeners = doc._observers.get('update') as
    | Set<(update: Uint8Array, origin: unknown, doc: Y.Doc) => void>
    | undefined;
  if (doc.store.clients.size > 0 || !listeners) {
    apply();
    return;
  }
  doc._observers.delete('update');
  try {
    apply();
  } finally {
    doc._observers.set('update', listeners);
  }
  if (doc.store.clients.size > 0) for (const listener of [...listeners]) listener(update, origin, doc);
}
