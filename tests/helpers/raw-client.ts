import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { SCHEMA_VERSION } from '../../schema/yjs-shape';
import { waitFor } from './eventually';

/** A bare WebSocket speaking (or deliberately not speaking) the y-websocket protocol. */
export interface RawClient {
  ws: WebSocket;
  messages: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  send(bytes: Uint8Array): void;
}

/** Connects as a client of today's schema (unless the URL says another `schema`). */
export function rawConnect(url: string): Promise<RawClient> {
  const ws = new WebSocket(
    url.includes('schema=') ? url : `${url}${url.includes('?') ? '&' : '?'}schema=${SCHEMA_VERSION}`,
  );
  const messages: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('error', () => {});
  const client: RawClient = {
    ws,
    messages,
    closed,
    send: (bytes) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(bytes);
    },
  };
  return waitFor<RawClient>(
    (resolve) => {
      ws.once('open', () => resolve(client));
      ws.once('close', () => resolve(client));
    },
    10_000,
    'websocket open',
  );
}

export function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** The auth messages (type 2) a raw client received: `permission-denied` reasons. */
export function permissionDenials(messages: Uint8Array[]): string[] {
  const reasons: string[] = [];
  for (const message of messages) {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== 2) continue;
    if (decoding.readVarUint(decoder) === 0) reasons.push(decoding.readVarString(decoder));
  }
  return reasons;
}
