import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { COMMENTS_FIELD } from '../schema/comments/threads';
import { REPORT_FIELD, SETTINGS_FIELD } from '../schema/index';
import { upgradeReportDoc } from '../schema/upgrade';
import { SCHEMA_VERSION } from '../schema/yjs-shape';
import { admitUpdate, type DecodedUpdate } from './admission';
import { type Cluster, SingleInstance } from './cluster/cluster';
import type { HubOptions } from './config';
import type { Identity } from './identity';
import { errorMessage, type Logger } from './logger';
import { MESSAGE_AWARENESS, syncMessage } from './protocol';
import type { Actor, RoomRecords, RoomState } from './records';
import { agreementIdOf, lockedAgreements, ruleViolation } from './rules/index';
import { type Storage, type StoredRoom, storedUpdates } from './storage/storage';

/** What a room needs of a connection. */
export interface RoomPeer {
  readonly identity: Identity;
  send(message: Uint8Array): void;
  /** Several messages at once, written to the network together (one system call). */
  sendMany(messages: Uint8Array[]): void;
}

/** Transaction origins that are not a client: loading from storage, and the server's own edits. */
export const ORIGIN_STORAGE = Symbol('storage');
export const ORIGIN_SERVER = Symbol('server');
/** What another instance stored (it arrives through the cluster): broadcast here, never stored again. */
export const ORIGIN_CLUSTER = Symbol('cluster');

/** How long a gap in the sequence numbers heard from other instances may last before catching up from storage. */
const GAP_MS = 1000;

const MAX_RETRY_MS = 30_000;

/** The shared types a report has; a client writing into any other is refused. */
const ROOTS: ReadonlySet<string> = new Set([REPORT_FIELD, SETTINGS_FIELD, COMMENTS_FIELD]);
/** A report nests six levels (list, agreement, sub-item list, sub-item, paragraph, text); leave room to grow. */
const MAX_DEPTH = 24;

/** Why a client's update was not applied, or was reverted. */
export interface UpdateRefusal {
  /** `reverted`: applied and undone by a rule; `refused`: the report is approved; see admission.ts for the rest. */
  kind: 'reverted' | 'refused' | 'incomplete' | 'forbidden';
  reason: string;
}

/** Whose a Yjs client id is: the participant (role and name) that first wrote under it. */
export function writerKey(identity: Identity): string {
  return `${identity.role}:${identity.name}`;
}

/**
 * One report in memory while anyone is connected. Every document update is appended to storage
 * before it is broadcast: updates are collected for one event-loop turn, written in one append,
 * then sent once to every peer. A failed append keeps the updates and retries; the room never
 * unloads with unsaved state.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  readonly peers = new Set<RoomPeer>();
  private pending: { update: Uint8Array; origin: unknown }[] = [];
  private readonly pendingAwareness = new Set<number>();
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private sinceCompaction = 0;
  private compacting: Promise<void> | null = null;
  private destroyed = false;
  /** Reverts a delegate's forbidden change: it tracks only the origin being checked, one update at a time. */
  private readonly guardOrigins = new Set<unknown>();
  private readonly guard: Y.UndoManager;
  private lockedCache: Set<Y.XmlElement> | null = null;
  private readonly activity = new Map<string, { actor: Actor; from: string; agreements: Set<string> }>();
  private readonly activityTimer: NodeJS.Timeout;
  /** Yjs client id → the participant who writes under it (recorded as `writer` records). */
  private readonly writers = new Map<number, string>();

  private constructor(
    readonly name: string,
    private readonly storage: Storage,
    private readonly options: HubOptions,
    private readonly log: Logger,
    private lastSeq: number,
    private readonly records: RoomRecords,
    private roomState: RoomState,
    private readonly cluster: Cluster,
  ) {
    this.knownThrough = lastSeq;
    this.guard = new Y.UndoManager(
      [this.doc.getXmlFragment(REPORT_FIELD), this.doc.getMap(SETTINGS_FIELD), this.doc.getMap(COMMENTS_FIELD)],
      {
        trackedOrigins: this.guardOrigins,
        captureTimeout: 0,
      },
    );
    this.publishState();
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => this.afterTransaction(transaction));
    this.activityTimer = setInterval(() => void this.flushActivity(), 30_000);
    this.activityTimer.unref();
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === ORIGIN_STORAGE) return;
      if (origin === ORIGIN_CLUSTER) {
        // Stored already by the instance it came from: only this instance's clients need it.
        this.broadcast(syncMessage(syncProtocol.messageYjsUpdate, update));
        return;
      }
      this.pending.push({ update, origin });
      this.scheduleFlush();
    });
    // Presence changes of one event-loop turn collapse to the latest state of each client, sent once.
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (this.destroyed) return;
      const changed = [...added, ...updated, ...removed];
      for (const id of changed) this.pendingAwareness.add(id);
      this.scheduleFlush();
      // This instance's clients' presence goes to the other instances (the server's own stays here).
      if (origin !== ORIGIN_CLUSTER && this.cluster.mode !== 'single') {
        const local = changed.filter((id) => id !== this.awareness.clientID);
        if (local.length > 0) this.cluster.publishPresence(this.name, encodeAwarenessUpdate(this.awareness, local));
      }
    });
  }

  /** Loads a room from its snapshot and update log. A stored update that fails to apply is skipped and logged. */
  static async load(
    name: string,
    reading: Promise<StoredRoom>,
    options: HubOptions,
    log: Logger,
    records: RoomRecords,
    storage: Storage,
    cluster: Cluster = new SingleInstance(),
  ): Promise<Room> {
    const started = performance.now();
    const [stored, state, writers] = await Promise.all([
      reading,
      records.state(name),
      storage.listRecords<{ client: number; writer: string }>('writer', `${name}/`),
    ]);
    // Applying a large snapshot holds the event loop: first let the connections waiting for this room
    // be sent the stored snapshot (see SyncHub.sendStoredWhileLoading).
    await new Promise((next) => setImmediate(next));
    const room = new Room(name, storage, options, log, stored.lastSeq, records, state, cluster);
    let skipped = 0;
    room.doc.transact(() => {
      for (const update of storedUpdates(stored)) {
        try {
          Y.applyUpdate(room.doc, update, ORIGIN_STORAGE);
        } catch (error) {
          skipped += 1;
          log.error('room.load.skipped-update', { room: name, error: errorMessage(error) });
        }
      }
    }, ORIGIN_STORAGE);
    room.sinceCompaction = stored.updates.length;
    for (const { client, writer } of writers) room.writers.set(client, writer);
    room.upgrade();
    room.joinCluster();
    // A malformed frame accepted before the server checked updates may have left pending structs or
    // deletions, which Yjs would apply inside a later update: drop them, and store the clean state.
    const store = room.doc.store;
    if (store.pendingStructs || store.pendingDs) {
      log.warn('room.load.pending-dropped', {
        room: name,
        structs: store.pendingStructs?.update.byteLength ?? 0,
        deletions: store.pendingDs?.byteLength ?? 0,
      });
      store.pendingStructs = null;
      store.pendingDs = null;
      room.sinceCompaction = Math.max(room.sinceCompaction, 1);
      void room.compact();
    }
    log.info('room.load', {
      room: name,
      ms: Math.round(performance.now() - started),
      snapshot: stored.snapshot?.byteLength ?? 0,
      updates: stored.updates.length,
      skipped,
    });
    return room;
  }

  /**
   * A report stored by an earlier Accord or a plain Yjs client is brought to today's schema as one
   * server change that every client receives (upgrade.ts): nothing unknown reaches an editor.
   */
  private upgrade(): void {
    const fragment = this.doc.getXmlFragment(REPORT_FIELD);
    const settings = this.doc.getMap(SETTINGS_FIELD);
    if (fragment.length === 0 && settings.size === 0) return;
    // A report stored at today's schema version has been through the server's schema rule since; the
    // walk over every agreement (a cold load's cost for a long report) is for older ones only.
    if (settings.get('schemaVersion') === SCHEMA_VERSION) return;
    let changes: string[] = [];
    this.doc.transact(() => {
      changes = upgradeReportDoc(this.doc, settings);
    }, ORIGIN_SERVER);
    this.log.info('room.upgrade', { room: this.name, schemaVersion: SCHEMA_VERSION, changes: changes.slice(0, 20) });
  }

  private knownThrough: number;
  /** Sequence numbers heard above `knownThrough`, while one below them is still missing. */
  private readonly knownAbove = new Set<number>();
  private gapTimer: NodeJS.Timeout | null = null;

  private joinCluster(): void {
    this.cluster.join(this.name, {
      update: (seq, update) => {
        if (this.destroyed) return;
        Y.applyUpdate(this.doc, update, ORIGIN_CLUSTER);
        this.markKnown(seq);
      },
      presence: (update) => {
        if (!this.destroyed) applyAwarenessUpdate(this.awareness, update, ORIGIN_CLUSTER);
      },
      state: () => {
        void this.records.state(this.name).then((state) => {
          if (this.destroyed) return;
          this.roomState = state;
          this.publishState();
        });
      },
      resync: () => void this.resync(),
      writer: (client, writer) => {
        if (!this.writers.has(client)) this.writers.set(client, writer);
      },
    });
  }

  /**
   * Every stored update has a sequence number; the room knows all of them up to `knownThrough`. One
   * still missing a second after a later one arrived was lost on the way (Redis restarted, the
   * subscription dropped): the room catches up from storage, so it never serves a document with a hole.
   */
  private markKnown(seq: number): void {
    if (seq <= this.knownThrough) return;
    this.knownAbove.add(seq);
    while (this.knownAbove.delete(this.knownThrough + 1)) this.knownThrough += 1;
    if (this.knownAbove.size > 0 && !this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        if (this.knownAbove.size > 0) void this.resync();
      }, GAP_MS);
      this.gapTimer.unref();
    }
  }

  /** Applies what storage holds that this room lacks (Yjs ignores what it already has). */
  async resync(): Promise<void> {
    try {
      const [stored, writers] = await Promise.all([
        this.storage.load(this.name),
        this.storage.listRecords<{ client: number; writer: string }>('writer', `${this.name}/`),
      ]);
      if (this.destroyed) return;
      for (const { client, writer } of writers) if (!this.writers.has(client)) this.writers.set(client, writer);
      this.doc.transact(() => {
        for (const update of storedUpdates(stored)) Y.applyUpdate(this.doc, update, ORIGIN_CLUSTER);
      }, ORIGIN_CLUSTER);
      if (stored.lastSeq > this.knownThrough) this.knownThrough = stored.lastSeq;
      for (const seq of [...this.knownAbove]) if (seq <= this.knownThrough) this.knownAbove.delete(seq);
      while (this.knownAbove.delete(this.knownThrough + 1)) this.knownThrough += 1;
      this.log.info('room.resync', { room: this.name, throughSeq: this.knownThrough });
    } catch (error) {
      this.log.error('room.resync.failed', { room: this.name, error: errorMessage(error) });
    }
  }

  get state(): RoomState {
    return this.roomState;
  }

  /** Changes what only the server decides (approval, meeting), stores it, and tells every client. */
  async setState(state: RoomState): Promise<void> {
    await this.records.setState(this.name, state);
    this.roomState = state;
    this.publishState();
    this.cluster.publishState(this.name);
  }

  /**
   * The server's own presence carries what clients must mirror but may not change: the approval. It is
   * awareness state of the server's client id, which no connection may write (see Connection).
   */
  private publishState(): void {
    this.awareness.setLocalState({
      accord: {
        approval: this.roomState.approval,
        meeting: this.roomState.meeting ?? null,
        mode: this.roomState.mode ?? 'drafting',
      },
    });
  }

  /**
   * Applies a client's document update under the room's rules. Nothing is applied once the report is
   * approved, nor an update that is incomplete, written under someone else's client id or nested too
   * deep (admission.ts). What a rule forbids (rules/) is applied and at once reverted, so every
   * client, the sender included, converges without ever seeing it. Returns what happened, or null.
   */
  applyClientUpdate(
    update: Uint8Array,
    decoded: DecodedUpdate,
    peer: RoomPeer,
    /** The participant whose presence already speaks for a client id, if any (see mayWrite). */
    presenceOwner: (client: number) => string | undefined = () => undefined,
  ): UpdateRefusal | null {
    // Once approved, only comments are applied (rules/approval-rule.ts reverts anything else).
    const approvedOn = this.roomState.approval ? this.roomState.approval.at.slice(0, 10) : null;
    const writer = writerKey(peer.identity);
    const clients = new Set<number>();
    const refusal = admitUpdate(
      decoded,
      {
        doc: this.doc,
        roots: ROOTS,
        maxDepth: MAX_DEPTH,
        mayWrite: (client) => this.mayWrite(client, writer, presenceOwner(client)),
      },
      clients,
    );
    if (refusal) return refusal;
    for (const client of clients) this.claim(client, writer);
    const locked = this.lockedCache ?? lockedAgreements(this.doc);
    this.lockedCache = locked;
    let reason: string | null = null;
    const check = (transaction: Y.Transaction): void => {
      if (transaction.origin !== peer || reason) return;
      reason = ruleViolation(transaction, {
        role: peer.identity.role,
        locked,
        mode: this.roomState.mode ?? 'drafting',
        by: peer.identity.name,
        approvedOn,
      });
    };
    this.guardOrigins.add(peer);
    this.doc.on('afterTransaction', check);
    try {
      Y.applyUpdate(this.doc, update, peer);
    } finally {
      this.doc.off('afterTransaction', check);
      this.guardOrigins.delete(peer);
    }
    const store = this.doc.store;
    if (store.pendingStructs || store.pendingDs) {
      // Admission should make this impossible; never keep pending state, whatever slipped through.
      this.log.error('update.pending-dropped', { room: this.name, delegation: peer.identity.delegation });
      store.pendingStructs = null;
      store.pendingDs = null;
      reason ??= 'it depends on content the server does not have';
    }
    // The revert goes into the same turn's batch as the change, so others never see the forbidden text.
    if (reason) this.guard.undo();
    this.guard.clear();
    return reason ? { kind: 'reverted', reason } : null;
  }

  /** Every Yjs client id that has written here, with whose it is (`role:name`); the server's own as `server:`. */
  writerList(): { client: number; writer: string }[] {
    return [
      { client: this.doc.clientID, writer: 'server:' },
      ...[...this.writers].map(([client, writer]) => ({ client, writer })),
    ];
  }

  /**
   * A connection may write new items under a client id nobody has written under (claiming it), or
   * under one its participant claimed before (a reload, a reconnection, another tab's offline work);
   * never under the server's, another participant's, or one whose writer the room does not know.
   */
  private mayWrite(client: number, writer: string, presence: string | undefined): boolean {
    if (client === this.doc.clientID) return false;
    const owner = this.writers.get(client);
    if (owner !== undefined) return owner === writer;
    // A client id shows in presence as soon as its editor connects, before it has typed: another
    // participant who read it there cannot take it first.
    if (presence !== undefined && presence !== writer) return false;
    return Y.getState(this.doc.store, client) === 0;
  }

  private claim(client: number, writer: string): void {
    if (this.writers.has(client)) return;
    this.writers.set(client, writer);
    // Other instances learn it before the update it came with (published first, in order).
    this.cluster.publishWriter(this.name, client, writer);
    this.storage.putRecord('writer', `${this.name}/${client}`, { client, writer }).catch((error: unknown) => {
      this.log.error('writer.persist.failed', { room: this.name, error: errorMessage(error) });
    });
  }

  private afterTransaction(transaction: Y.Transaction): void {
    for (const [type, keys] of transaction.changed) {
      const name = type instanceof Y.XmlElement ? type.nodeName : null;
      if (
        (name === 'agreement' && keys.has('status')) ||
        name === 'agreementList' ||
        type === (this.doc.getXmlFragment(REPORT_FIELD) as unknown)
      ) {
        this.lockedCache = null;
      }
    }
    const origin = transaction.origin as RoomPeer | null;
    if (!origin || typeof origin !== 'object' || !('identity' in origin) || !this.peers.has(origin)) return;
    const ids = new Set<string>();
    for (const type of transaction.changed.keys()) {
      const id = agreementIdOf(type as Y.AbstractType<unknown>);
      if (id) ids.add(id);
    }
    if (ids.size === 0) return;
    const { identity } = origin;
    const key = `${identity.role}/${identity.name}`;
    const entry = this.activity.get(key) ?? {
      actor: { role: identity.role, delegation: identity.delegation, name: identity.name },
      from: new Date().toISOString(),
      agreements: new Set<string>(),
    };
    for (const id of ids) entry.agreements.add(id);
    this.activity.set(key, entry);
  }

  /** Writes who changed which agreements since the last flush (every 30 s, and when the room unloads). */
  async flushActivity(): Promise<void> {
    const entries = [...this.activity.values()];
    this.activity.clear();
    for (const entry of entries) {
      try {
        await this.records.addActivity({
          room: this.name,
          at: new Date().toISOString(),
          from: entry.from,
          actor: entry.actor,
          agreements: [...entry.agreements],
          event: 'edit',
        });
      } catch (error) {
        this.log.error('activity.persist.failed', { room: this.name, error: errorMessage(error) });
      }
    }
  }

  /** Sends to every peer but `except`. */
  broadcast(message: Uint8Array, except?: RoomPeer): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }

  /** Resolves once every update received so far is in storage. */
  async whenPersisted(): Promise<void> {
    while (this.pending.length > 0 || this.flushing) {
      if (this.retryTimer) await new Promise((resolve) => setTimeout(resolve, 50));
      else await (this.flushing ?? this.flush());
    }
  }

  /** Forgets a peer's presence when it leaves. */
  removePeer(peer: RoomPeer, clientIds: Iterable<number>): void {
    this.peers.delete(peer);
    const ids = [...clientIds];
    if (ids.length > 0) removeAwarenessStates(this.awareness, ids, ORIGIN_SERVER);
  }

  get hasUnsavedChanges(): boolean {
    return this.pending.length > 0;
  }

  /** Persists, compacts and frees the room. Throws (and keeps the room) when its state cannot be saved. */
  async close(): Promise<void> {
    await this.flush();
    if (this.pending.length > 0) throw new Error(`room ${this.name} has unsaved changes`);
    await this.compact();
    await this.flushActivity();
    // Before the awareness is destroyed: destroying it removes the server's own presence, a change
    // that must not schedule a flush of a room that is gone.
    this.destroyed = true;
    this.cluster.leave(this.name);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    clearInterval(this.activityTimer);
    this.guard.destroy();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.awareness.destroy();
    this.doc.destroy();
    this.log.info('room.unload', { room: this.name });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    this.flushing ??= this.persistAndBroadcast().finally(() => {
      this.flushing = null;
      if (this.destroyed) return;
      // What arrived while this turn waited on storage goes out with the next turn.
      if ((this.pending.length > 0 && !this.retryTimer) || this.pendingAwareness.size > 0) this.scheduleFlush();
    });
    return this.flushing;
  }

  /**
   * One turn's output: the document updates of the turn, merged, appended to storage in one write and
   * only then sent; with them the turn's presence changes. Each message is encoded once for all
   * recipients, and each recipient gets the turn's messages in one write.
   */
  private async persistAndBroadcast(): Promise<void> {
    let presence = this.takePresence();
    while (this.pending.length > 0 && !this.destroyed && !this.retryTimer) {
      const batch = this.pending.splice(0);
      const merged = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((item) => item.update));
      try {
        this.lastSeq = await this.storage.append(this.name, [merged]);
        this.markKnown(this.lastSeq);
        this.cluster.publishUpdate(this.name, this.lastSeq, merged);
      } catch (error) {
        this.pending.unshift(...batch);
        this.scheduleRetry(error);
        break;
      }
      this.failures = 0;
      this.sinceCompaction += 1;
      const message = syncMessage(syncProtocol.messageYjsUpdate, merged);
      // A client need not receive its own update back; with several origins, all get the merged one.
      const only = batch.every((item) => item.origin === batch[0]!.origin) ? batch[0]!.origin : undefined;
      for (const peer of this.peers) {
        if (peer === only) {
          if (presence) peer.send(presence);
        } else {
          peer.sendMany(presence ? [message, presence] : [message]);
        }
      }
      presence = null;
      if (this.sinceCompaction >= this.options.compactEvery) void this.compact();
    }
    // Presence never waits for storage: with no update to carry it, or storage failing, it goes alone.
    if (presence) this.broadcast(presence);
  }

  private takePresence(): Uint8Array | null {
    const changed = [...this.pendingAwareness];
    this.pendingAwareness.clear();
    if (changed.length === 0 || this.destroyed) return null;
    if (this.peers.size === 0) return null;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(this.awareness, changed));
    return encoding.toUint8Array(encoder);
  }

  private scheduleRetry(error: unknown): void {
    this.failures += 1;
    const delay = Math.min(MAX_RETRY_MS, 100 * 2 ** Math.min(this.failures, 10));
    this.log.error('room.persist.failed', {
      room: this.name,
      error: errorMessage(error),
      retryInMs: delay,
      unsaved: this.pending.length,
    });
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, delay);
  }

  /** Folds the update log into a snapshot; runs in the background after `compactEvery` appends and on unload. */
  compact(): Promise<void> {
    this.compacting ??= (async () => {
      try {
        // Only through what this room holds without a hole: with other instances appending, a later
        // number of its own may be known before an earlier one of theirs has arrived.
        const throughSeq = this.knownThrough;
        if (this.sinceCompaction === 0 || throughSeq === 0) return;
        const snapshot = Y.encodeStateAsUpdate(this.doc);
        this.sinceCompaction = 0;
        await this.storage.compact(this.name, snapshot, throughSeq);
        this.log.info('room.compact', { room: this.name, bytes: snapshot.byteLength, throughSeq });
      } catch (error) {
        this.sinceCompaction = this.options.compactEvery;
        this.log.error('room.compact.failed', { room: this.name, error: errorMessage(error) });
      }
    })().finally(() => {
      this.compacting = null;
    });
    return this.compacting;
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
