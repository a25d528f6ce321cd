import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { canEdit } from './auth/roles';
import { guardAwarenessUpdate } from './awareness-guard';
import { EXPENSIVE_MESSAGE_COST, type Limits } from './config';
import type { Identity } from './identity';
import { errorMessage, type Logger } from './logger';
import {
  CLOSE,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  READ_ONLY_REASON,
  syncMessage,
  syncStep1,
} from './protocol';
import { TokenBucket } from './rate-limit';
import { type Room, type RoomPeer, writerKey } from './room';
import { type StoredRoom, storedUpdates } from './storage/storage';

/** The transport as the sync core sees it: bytes out, and a way to close with a code and reason. */
export interface SyncSocket {
  send(message: Uint8Array): void;
  /** Several messages written together; defaults to one send each. */
  sendMany?(messages: Uint8Array[]): void;
  close(code: number, reason: string): void;
  /** Bytes sent but not yet taken by the network (a client that does not read lets it grow). */
  bufferedAmount?(): number;
}

/** How often a deferred sync answer or presence answer looks again whether the client has read the last one. */
const RETRY_ANSWER_MS = 50;
/** Sync step 1s a client may have waiting for their answers; more means it is not reading them. */
const MAX_WAITING_STEP1 = 1000;
/** Incomplete updates in a row after which a client is not an honest one catching up. */
const MAX_INCOMPLETE_IN_A_ROW = 10;

class MalformedMessage extends Error {}

/**
 * One client in one room. Inbound bytes are untrusted: every message is decoded inside `try`, and a
 * malformed one closes this connection (4400) and nothing else. Messages that arrive while the room
 * is loading wait in a bounded queue.
 */
export class Connection implements RoomPeer {
  private room: Room | null = null;
  private queue: Uint8Array[] = [];
  /** What this client was sent from storage while the room loaded: it need not be sent again. */
  private sentStored: StoredRoom | null = null;
  private closed = false;
  private deniedOnce = false;
  private readonly bucket: TokenBucket;
  private readonly presenceBucket: TokenBucket;
  /** Sync step 1s waiting for their answer (the state vectors they carried), answered in order. */
  private step1s: Map<number, number>[] = [];
  private answering = false;
  private presenceQueried = false;
  private answerTimer: NodeJS.Timeout | null = null;
  private readonly expiryTimer: NodeJS.Timeout | null;
  private incompleteInARow = 0;
  /** Awareness client ids this connection speaks for; nobody else may update them. */
  readonly clientIds = new Set<number>();

  constructor(
    private readonly socket: SyncSocket,
    readonly identity: Identity,
    readonly roomName: string,
    private readonly limits: Limits,
    private readonly log: Logger,
    /** The room's awareness client ids and the connection that speaks for each. */
    private readonly owners: Map<number, Connection>,
    private readonly onClose: (connection: Connection) => void,
    /** When the token expires (ms since the epoch): the connection closes then with 4401. */
    expiresAt?: number,
  ) {
    this.bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    this.presenceBucket = new TokenBucket(limits.presencePerSecond, limits.presencePerSecond * 4);
    this.expiryTimer =
      expiresAt === undefined
        ? null
        : setTimeout(
            () => this.close(CLOSE.UNAUTHORIZED, 'the link has expired'),
            // setTimeout's limit is 2^31 ms (~24 days); a longer token is checked again then.
            Math.max(0, Math.min(expiresAt - Date.now(), 2 ** 31 - 1)),
          );
    this.expiryTimer?.unref();
  }

  get isAttached(): boolean {
    return this.room !== null;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The room is loaded: greet the client (sync step 1, everyone's presence) and handle what waited. */
  attach(room: Room): void {
    if (this.closed) return;
    this.room = room;
    room.peers.add(this);
    this.send(syncStep1(room.doc));
    this.sendAwareness(room);
    const waiting = this.queue.splice(0);
    for (const message of waiting) this.handle(message);
  }

  /**
   * While the room loads: the stored state as it is stored — the snapshot, then each logged update —
   * as sync updates (see SyncHub.sendStoredWhileLoading). Updates, not a step 2: the client's own
   * step 1 still gets exactly one answer, which is what clients count on to know their work is saved.
   */
  sendStored(stored: StoredRoom): void {
    if (this.closed || this.room || this.sentStored) return;
    this.sentStored = stored;
    const updates = storedUpdates(stored);
    if (updates.length > 0) this.sendMany(updates.map((update) => syncMessage(syncProtocol.messageYjsUpdate, update)));
  }

  receive(message: Uint8Array): void {
    if (this.closed) return;
    if (!this.bucket.take()) {
      this.close(CLOSE.RATE_LIMITED, `more than ${this.limits.messagesPerSecond} messages a second`);
      return;
    }
    if (!this.room) {
      if (this.queue.length >= this.limits.maxQueuedWhileLoading) {
        this.close(CLOSE.RATE_LIMITED, 'too many messages while the room loads');
        return;
      }
      this.queue.push(message);
      return;
    }
    this.handle(message);
  }

  send(message: Uint8Array): void {
    if (this.closed || this.overflowing()) return;
    this.socket.send(message);
  }

  sendMany(messages: Uint8Array[]): void {
    if (this.closed || this.overflowing()) return;
    if (this.socket.sendMany) this.socket.sendMany(messages);
    else for (const message of messages) this.socket.send(message);
  }

  /** A client that does not read cannot make the server hold unbounded output for it: close it. */
  private overflowing(): boolean {
    if (this.buffered() <= this.limits.maxBufferedBytes) return false;
    this.close(CLOSE.RATE_LIMITED, 'the client is not reading what it is sent');
    return true;
  }

  private buffered(): number {
    return this.socket.bufferedAmount?.() ?? 0;
  }

  /** Closes this connection only. Safe to call more than once. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.finish(code, reason);
    this.socket.close(code, reason);
  }

  /** The transport closed under us (the client left). */
  transportClosed(): void {
    if (!this.closed) this.finish('client', 'left');
  }

  private finish(code: number | 'client', reason: string): void {
    this.closed = true;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    if (this.answerTimer) clearTimeout(this.answerTimer);
    this.log.info('connection.close', {
      room: this.roomName,
      delegation: this.identity.delegation,
      role: this.identity.role,
      code,
      reason,
    });
    this.detach();
  }

  private detach(): void {
    this.queue = [];
    this.room?.removePeer(this, this.clientIds);
    this.onClose(this);
  }

  private handle(message: Uint8Array): void {
    const room = this.room;
    if (!room || this.closed) return;
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MESSAGE_SYNC:
          this.handleSync(room, decoder);
          break;
        case MESSAGE_AWARENESS: {
          const update = decoding.readVarUint8Array(decoder);
          endOfMessage(decoder);
          if (!this.presenceBucket.take()) {
            this.close(CLOSE.RATE_LIMITED, `more than ${this.limits.presencePerSecond} presence messages a second`);
            return;
          }
          this.handleAwareness(room, update);
          break;
        }
        case MESSAGE_QUERY_AWARENESS:
          endOfMessage(decoder);
          if (!this.takeExpensive()) return;
          this.presenceQueried = true;
          this.answer(room);
          break;
        default:
          // Newer clients may send message types we do not know, and y-protocols' auth message has
          // nothing for a server to do: ignore them (PROTOCOL.md).
          return;
      }
    } catch (error) {
      const reason = error instanceof MalformedMessage ? error.message : `malformed message: ${errorMessage(error)}`;
      this.log.warn('message.malformed', { room: this.roomName, delegation: this.identity.delegation, reason });
      this.close(CLOSE.MALFORMED, reason.slice(0, 120));
    }
  }

  private handleSync(room: Room, decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    if (step === syncProtocol.messageYjsSyncStep1) {
      const clientState = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      endOfMessage(decoder);
      if (!this.takeExpensive()) return;
      // What the client has: its own state, and what it was sent from storage while the room loaded.
      const sent = this.sentStored;
      this.sentStored = null;
      let known = clientState;
      for (const update of sent ? storedUpdates(sent) : [])
        known = union(known, Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)));
      if (this.step1s.length >= MAX_WAITING_STEP1) {
        this.close(CLOSE.RATE_LIMITED, 'too many sync requests while not reading the answers');
        return;
      }
      this.step1s.push(known);
      this.answer(room);
      return;
    }
    if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
      const update = decoding.readVarUint8Array(decoder);
      // A frame is refused whole, before anything of it is applied.
      endOfMessage(decoder);
      this.receiveUpdate(room, update);
      return;
    }
    throw new MalformedMessage(`unknown sync message ${step}`);
  }

  /** A sync step 1 and a presence query make the server encode a whole document or every presence. */
  private takeExpensive(): boolean {
    // Never more than a tenth of the burst: a client's own connect (step 1, presence, query) always fits.
    const cost = Math.max(1, Math.min(EXPENSIVE_MESSAGE_COST, Math.floor(this.limits.messageBurst / 10)));
    if (this.bucket.take(cost)) return true;
    this.close(CLOSE.RATE_LIMITED, `more than ${this.limits.messagesPerSecond} messages a second`);
    return false;
  }

  /**
   * Answers the waiting step 1s and presence query, one batch in flight at a time: while the client
   * has not taken the previous answer off the network, the next waits. Every step 1 gets its own
   * answer (the editor counts them to know its work is saved), but only the first of a batch carries
   * the document: each later one holds only what is newer than what the batch already sent. So a
   * client that asks a thousand times and never reads makes the server hold one copy, not a thousand.
   */
  private answer(room: Room): void {
    if (this.answering || this.answerTimer || this.closed) return;
    if (this.buffered() > 0) {
      this.answerTimer = setTimeout(() => {
        this.answerTimer = null;
        this.answer(room);
      }, RETRY_ANSWER_MS);
      return;
    }
    if (this.presenceQueried) {
      this.presenceQueried = false;
      this.sendAwareness(room);
    }
    if (this.step1s.length === 0) return;
    this.answering = true;
    // Answer once everything the client will receive is in storage: what it sees survives a crash.
    void room.whenPersisted().then(() => {
      this.answering = false;
      if (this.closed) return;
      const waiting = this.step1s.splice(0);
      const current = Y.decodeStateVector(Y.encodeStateVector(room.doc));
      let sent: Map<number, number> | null = null;
      const answers = waiting.map((known) => {
        const base = sent ? union(known, sent) : known;
        sent = union(base, current);
        return syncMessage(
          syncProtocol.messageYjsSyncStep2,
          Y.encodeStateAsUpdate(room.doc, Y.encodeStateVector(base)),
        );
      });
      this.sendMany(answers);
      if (this.step1s.length > 0 || this.presenceQueried) this.answer(room);
    });
  }

  private receiveUpdate(room: Room, update: Uint8Array): void {
    // Decoding first refuses a malformed update before any of it touches the room's document.
    const decoded = Y.decodeUpdate(update);
    if (!canEdit(this.identity.role)) {
      if (!this.deniedOnce && changesDocument(room.doc, decoded)) {
        this.deniedOnce = true;
        this.deny(READ_ONLY_REASON);
      }
      return;
    }
    const refused = room.applyClientUpdate(update, decoded, this, (client) => {
      const owner = this.owners.get(client);
      return owner ? writerKey(owner.identity) : undefined;
    });
    if (!refused) {
      this.incompleteInARow = 0;
      return;
    }
    const fields = { room: this.roomName, delegation: this.identity.delegation, reason: refused.reason };
    switch (refused.kind) {
      case 'forbidden':
        this.log.warn('update.forbidden', fields);
        this.close(CLOSE.MALFORMED, `update refused: ${refused.reason}`.slice(0, 120));
        return;
      case 'incomplete':
        // Never applied nor stored. An honest client that was offline holds what is missing: the
        // server's sync step 1 makes it send everything the server lacks, in one complete update.
        this.incompleteInARow += 1;
        this.log.warn('update.incomplete', fields);
        if (this.incompleteInARow > MAX_INCOMPLETE_IN_A_ROW) {
          this.close(CLOSE.MALFORMED, `update refused: ${refused.reason}`.slice(0, 120));
          return;
        }
        this.deny(`not applied: ${refused.reason}`);
        this.send(syncStep1(room.doc));
        return;
      default:
        // The client has already received the revert (or, once approved, nothing changed): say why.
        this.deny(refused.reason);
    }
  }

  /** A y-protocols `permission-denied` with the reason, and a log line saying who and why. */
  private deny(reason: string): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AUTH);
    authProtocol.writePermissionDenied(encoder, reason);
    this.send(encoding.toUint8Array(encoder));
    this.log.info('update.refused', {
      room: this.roomName,
      role: this.identity.role,
      delegation: this.identity.delegation,
      reason,
    });
  }

  private handleAwareness(room: Room, update: Uint8Array): void {
    let claimable = this.limits.maxPresenceClients - this.clientIds.size;
    const guarded = guardAwarenessUpdate(
      update,
      this.identity,
      (clientId) => {
        // The server's own presence carries the approval: no client may write it.
        if (clientId === room.awareness.clientID) return false;
        const owner = this.owners.get(clientId);
        if (owner === this) return true;
        // A few client ids per connection (a tab that reloaded its document): not ten thousand.
        if (owner !== undefined || claimable <= 0) return false;
        claimable -= 1;
        return true;
      },
      this.limits.maxPresenceBytes,
    );
    if (!guarded) return;
    for (const clientId of guarded.clientIds) {
      this.clientIds.add(clientId);
      this.owners.set(clientId, this);
    }
    applyAwarenessUpdate(room.awareness, guarded.update, this);
  }

  private sendAwareness(room: Room): void {
    const states = [...room.awareness.getStates().keys()];
    if (states.length === 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(room.awareness, states));
    this.send(encoding.toUint8Array(encoder));
  }
}

/**
 * Whether an update holds anything the document lacks. An observer's client answers every sync with
 * its whole delete set; that is not an attempt to edit and earns no permission-denied.
 */
function changesDocument(doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
  for (const struct of decoded.structs) {
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true;
  }
  const deleted = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      const first = { client, clock: range.clock } as Y.ID;
      const last = { client, clock: range.clock + range.len - 1 } as Y.ID;
      if (!Y.isDeleted(deleted, first) || !Y.isDeleted(deleted, last)) return true;
    }
  }
  return false;
}

/** Refuses a message with bytes after its end, before it has any effect. */
function endOfMessage(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after the message');
}

/** The larger clock of each client: everything either state has seen. */
function union(a: Map<number, number>, b: Map<number, number>): Map<number, number> {
  const merged = new Map(a);
  for (const [client, clock] of b) merged.set(client, Math.max(clock, merged.get(client) ?? 0));
  return merged;
}
