/** The wire: y-websocket's message types, the sync messages the server writes, and its close codes (see PROTOCOL.md). */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const CLOSE = {
  /** The server is shutting down; clients reconnect when it is back. */
  GOING_AWAY: 1001,
  /** Set by `ws` itself when a message exceeds `maxMessageBytes`. */
  MESSAGE_TOO_BIG: 1009,
  /** The room could not be loaded (storage unavailable); the client retries. */
  INTERNAL_ERROR: 1011,
  /** Too many rooms in memory; the client retries later. */
  TRY_AGAIN_LATER: 1013,
  /** A message that does not decode, or an update Yjs cannot apply; or a bad room name. */
  MALFORMED: 4400,
  /** No token, or an invalid or expired one. Final: y-websocket does not reconnect on 44xx. */
  UNAUTHORIZED: 4401,
  /**
   * The client speaks another schema version than the server (an editor page loaded before an
   * upgrade, or a client that does not say): it must reload before it edits. Final.
   */
  SCHEMA_MISMATCH: 4426,
  /** A valid token for another room, or a revoked one. */
  FORBIDDEN: 4403,
  /** Too many messages a second from this connection, or too many connections from this address. */
  RATE_LIMITED: 4429,
} as const;

/** The reason y-protocols' auth message carries to an observer whose update was dropped. */
export const READ_ONLY_REASON = 'read-only';

/** A sync message (`syncProtocol.messageYjsUpdate` or `…SyncStep2`) carrying `update` as it is. */
export function syncMessage(kind: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The server's sync step 1: its state vector. */
export function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}
