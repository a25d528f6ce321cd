/**
 * The soak's clock (`bench/soak.ts` starts it): one observer per room, in a process of its own, noting
 * when each Yjs client's state reached each clock. The soak's 200 typists share one busy thread; a
 * witness among them counted the time that thread took to notice a delivery as the server's latency.
 * Here the witness does nothing else, so what it measures is the server's delivery.
 *
 * Arguments: port, secret, rooms, schema version. On the message `dump` it answers with its
 * arrivals, `{ rooms: [{ client: [[state, at], …] }] }`, and exits.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { signToken } from '../sync-server/auth/tokens';

const [port, secret, roomCount, schema] = process.argv.slice(2);
const arrivals = Array.from({ length: Number(roomCount) }, () => new Map<number, [number, number][]>());

for (let room = 0; room < Number(roomCount); room++) {
  const name = `soak-${room}`;
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/ws`, name, doc, {
    params: {
      token: signToken(secret!, { room: name, role: 'observer', ttlSeconds: 24 * 3600 }),
      schema: schema!,
    },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 1000,
  });
  provider.on('status', () => {});
  doc.on('update', (update: Uint8Array) => {
    const at = Date.now();
    for (const [client, state] of Y.parseUpdateMeta(update).to) {
      const list = arrivals[room]!.get(client) ?? [];
      if (list.length === 0) arrivals[room]!.set(client, list);
      const last = list.at(-1);
      if (!last || state > last[0]) list.push([state, at]);
    }
  });
}

process.on('message', (message) => {
  if (message !== 'dump') return;
  process.send!({ rooms: arrivals.map((room) => Object.fromEntries(room)) }, () => process.exit(0));
});
