import * as bc from 'lib0/broadcastchannel';
import * as encoding from 'lib0/encoding';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import { afterPaint } from './after-paint';

/** y-websocket's message type for presence (awareness). */
const MESSAGE_AWARENESS = 1;

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * Makes the provider send only this client's own presence. y-websocket sends back every presence
 * change it hears, whoever's it is: in a room of N delegations each caret move came back to the
 * server N-1 times (the server drops what a connection does not own, after decoding it), and a soak of
 * 200 clients spent a fifth of its time echoing. The server relays everyone's presence itself.
 */
export function sendOwnPresenceOnly(provider: WebsocketProvider): void {
  const awareness = provider.awareness;
  awareness.off('update', provider._awarenessUpdateHandler);
  const send = (): void => {
    const own = awareness.clientID;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [own]));
    const message = encoding.toUint8Array(encoder);
    const ws = provider.ws;
    if (provider.wsconnected && ws && ws.readyState === ws.OPEN) ws.send(message);
    if (provider.bcconnected) bc.publish(provider.bcChannel, message, provider);
  };
  let scheduled = false;
  const handler = ({ added, updated, removed }: AwarenessChange): void => {
    const own = awareness.clientID;
    // Leaving (closing the tab, destroying the provider) is said at once: there is no next frame.
    if (removed.includes(own)) {
      send();
      return;
    }
    if (!added.includes(own) && !updated.includes(own)) return;
    // A caret moved by a keystroke is sent after the frame that shows the keystroke, once per frame
    // however often it moved (write-after-paint.ts says why).
    if (scheduled) return;
    scheduled = true;
    afterPaint(() => {
      scheduled = false;
      if (awareness.getLocalState() !== null) send();
    });
  };
  // destroy() unsubscribes whatever this property holds.
  provider._awarenessUpdateHandler = handler;
  awareness.on('update', handler);
}
