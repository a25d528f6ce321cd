/**
 * Where rooms live between sessions. A room is a snapshot (a Yjs state update) plus the log of
 * updates appended since. Async throughout so that PostgreSQL fits the same seam.
 * Every implementation runs the shared contract in tests/storage-contract.ts (rules ST1…).
 */
export interface StoredRoom {
  /** The compacted state, or null when the room has never been compacted. */
  snapshot: Uint8Array | null;
  /** Updates appended after the snapshot, oldest first. */
  updates: Uint8Array[];
  /** Sequence number of the last update in the log (or folded into the snapshot); 0 for a new room. */
  lastSeq: number;
}

/** A stored room's updates in the order they apply: the snapshot (if any), then the log. */
export function storedUpdates(stored: StoredRoom): Uint8Array[] {
  return stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
}

export interface Storage {
  /** Reads a room; a room never written is `{ snapshot: null, updates: [], lastSeq: 0 }`. */
  load(room: string): Promise<StoredRoom>;
  /** Appends updates durably, in order, all or none. Resolves with the sequence number of the last one. */
  append(room: string, updates: Uint8Array[]): Promise<number>;
  /**
   * Replaces the snapshot and drops the log up to and including `throughSeq`, atomically.
   * `snapshot` must contain every update up to `throughSeq`; later updates stay in the log.
   */
  compact(room: string, snapshot: Uint8Array, throughSeq: number): Promise<void>;
  /** Names of every room that has anything stored. */
  rooms(): Promise<string[]>;
  /**
   * Small JSON records beside the documents (meetings, versions, invitations, activity), by kind and
   * key. `putRecord` replaces; `listRecords` returns those whose key starts with `prefix`, in key order.
   */
  putRecord(kind: string, key: string, value: unknown): Promise<void>;
  getRecord<T>(kind: string, key: string): Promise<T | null>;
  listRecords<T>(kind: string, prefix: string): Promise<T[]>;
  close(): Promise<void>;
}

/** Thrown for a room name that storage must never see (the server checks names before this). */
export function assertRoomName(room: string): void {
  if (!isValidRoomName(room)) throw new Error(`invalid room name ${JSON.stringify(room)}`);
}

/** Room names: 1–64 of `A-Z a-z 0-9 _ -` (DESIGN.md). */
export function isValidRoomName(room: unknown): room is string {
  return typeof room === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(room);
}
