import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '../../schema/yjs-shape';
import { sendOwnPresenceOnly } from './own-presence';
import { batchRemoteUpdates } from './remote-batch';
import type { Session } from './session';
import { writeTypingNow } from './typing-write';
import { writeAfterPaint } from './write-after-paint';

/** How often the editor probes the server while connected, and after how long a silent connection is dead. */
const HEARTBEAT_MS = 4000;
const DEAD_AFTER_MS = 10_000;
/** The others' changes arriving within this long are applied together (remote-batch.ts). */
const REMOTE_BATCH_MS = 40;

/** The close code of a server that speaks another schema version (sync-server/protocol.ts). */
const SCHEMA_MISMATCH = 4426;

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused';

export interface CollaborationStatus {
  connection: ConnectionState;
  /** Every local change has reached the server and been stored there. */
  saved: boolean;
  /** Why the server refused the connection or an update, when it did. */
  refusal: string | null;
  /** The document has been loaded from the server or the browser's copy. */
  ready: boolean;
  /** The server speaks a newer schema than this page: reload before editing (the browser keeps unsent text). */
  outdated: boolean;
  /** The last change the server did not accept (a locked agreement, an approved report), and why. */
  notice: { reason: string; at: number; refusedText: string } | null;
}

/**
 * The report's Y.Doc, kept in the browser (IndexedDB, so edits made offline survive a reload) and
 * synced with the server over y-websocket. Tracks whether local changes have reached the server:
 * after a local change it sends a sync step 1, and the server answers only once everything it
 * received before is stored, so that answer means "saved".
 */
export class Collaboration {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private readonly local: IndexeddbPersistence;
  private status: CollaborationStatus = {
    connection: 'connecting',
    saved: true,
    refusal: null,
    ready: false,
    outdated: false,
    notice: null,
  };
  private readonly listeners = new Set<() => void>();
  private unsavedSince = 0;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private everConnected = false;
  private readonly applyHeldUpdates: () => void;
  private readonly writeOut: { flush: () => void; dispose: () => void };

  constructor(readonly session: Session) {
    this.local = new IndexeddbPersistence(`accord:${session.room}`, this.doc);
    void this.local.whenSynced.then(() => this.update({ ready: true }));
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${window.location.host}/ws`, session.room, this.doc, {
      params: { token: session.token, schema: String(SCHEMA_VERSION) },
      maxBackoffTime: 5000,
    });
    sendOwnPresenceOnly(this.provider);
    this.writeOut = writeAfterPaint(this.provider, this.local);
    this.applyHeldUpdates = batchRemoteUpdates(this.provider, REMOTE_BATCH_MS);
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') this.everConnected = true;
      const connection: ConnectionState =
        status === 'connected'
          ? 'connected'
          : !navigator.onLine
            ? 'offline'
            : this.everConnected
              ? 'reconnecting'
              : 'connecting';
      if (this.status.connection !== 'refused') this.update({ connection });
      if (status === 'connected' && !this.status.saved) this.scheduleProbe();
    });
    this.provider.on('sync', (synced: boolean) => synced && this.update({ ready: true }));
    this.provider.on('closed', (event: { code: number; reason: string }) =>
      this.update(
        event.code === SCHEMA_MISMATCH
          ? { connection: 'refused', outdated: true }
          : { connection: 'refused', refusal: `${event.reason || 'connection refused'} (${event.code})` },
      ),
    );
    window.addEventListener('offline', this.onNetworkChange);
    window.addEventListener('online', this.onNetworkChange);
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === this.provider || origin === this.local) return;
      this.unsavedSince = performance.now();
      if (this.status.saved) this.update({ saved: false });
      this.scheduleProbe();
    });
    this.watchServerAnswers();
    this.collectReverted();
    this.startHeartbeat();
  }

  get current(): CollaborationStatus {
    return this.status;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    window.removeEventListener('offline', this.onNetworkChange);
    window.removeEventListener('online', this.onNetworkChange);
    if (this.probeTimer) clearTimeout(this.probeTimer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    writeTypingNow();
    this.applyHeldUpdates();
    this.writeOut.dispose();
    this.provider.destroy();
    void this.local.destroy();
    this.doc.destroy();
  }

  private readonly onNetworkChange = (): void => {
    if (!navigator.onLine) this.update({ connection: 'offline' });
    else if (this.provider.wsconnected) {
      // The socket outlived the outage: it is the truth again, and a probe says what is saved.
      if (this.status.connection === 'offline') this.update({ connection: 'connected' });
      this.scheduleProbe();
    } else {
      // The network is back: say so at once, and reconnect now rather than after the backoff.
      if (this.status.connection === 'offline') this.update({ connection: 'reconnecting' });
      this.provider.connect();
    }
  };

  private lastMessageAt = Date.now();
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  /**
   * Every few seconds, a probe (a sync step 1: the server's answer also says everything sent so
   * far is stored). A connection that has carried nothing for longer than that is dead even if the
   * browser has not noticed (a laptop lid, a venue's Wi-Fi): close it, so the status says so and
   * y-websocket reconnects, instead of showing "Connected" for 30 s.
   */
  private startHeartbeat(): void {
    this.heartbeat = setInterval(() => {
      if (!this.provider.wsconnected || !this.provider.ws) return;
      if (Date.now() - this.lastMessageAt > DEAD_AFTER_MS) {
        this.provider.ws.close();
        return;
      }
      if (this.provider.synced && this.pendingProbes.length === 0) this.sendProbe();
    }, HEARTBEAT_MS);
  }

  private update(change: Partial<CollaborationStatus>): void {
    this.status = { ...this.status, ...change };
    for (const listener of this.listeners) listener();
  }

  private scheduleProbe(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      if (!this.provider.wsconnected || !this.provider.ws) return;
      // Until the provider's own step 1 is answered, the server may not have received this browser's
      // offline work yet (it is sent in reply to the server's step 1): a probe now would be answered
      // before that work is stored, and say "saved" too early.
      if (!this.provider.synced) {
        this.scheduleProbe();
        return;
      }
      this.sendProbe();
    }, 150);
  }

  private sendProbe(): void {
    if (!this.provider.ws) return;
    // What is still waiting for the next frame goes first, or the answer would call it saved.
    writeTypingNow();
    this.writeOut.flush();
    this.pendingProbes.push(performance.now());
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.provider.ws.send(encoding.toUint8Array(encoder));
  }

  private pendingProbes: number[] = [];
  private skipAnswers = 0;

  /** Until when the server's reverts of this browser's text are gathered into the last notice. */
  private collectRevertsUntil = 0;

  /**
   * The server reverts a refused change (a lock, a rule) right after saying why: the text it takes
   * back, however it arrived (typed offline, pasted), is added to the notice so it can be copied.
   */
  private collectReverted(): void {
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin !== this.provider || Date.now() > this.collectRevertsUntil) return;
      let text = '';
      Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
        if (
          struct instanceof Y.Item &&
          struct.id.client === this.doc.clientID &&
          struct.content instanceof Y.ContentString
        )
          text += struct.content.str;
      });
      const notice = this.status.notice;
      if (text && notice) this.update({ notice: { ...notice, refusedText: notice.refusedText + text } });
    });
  }

  /** Closes the notice (the delegate has read it, and copied what was refused). */
  dismissNotice(): void {
    this.update({ notice: null });
  }

  /** Says, in the page, what the server did not accept and why (a y-protocols permission-denied). */
  notify(reason: string, refusedText = ''): void {
    // Keystrokes refused one by one add up to the sentence the delegate was typing.
    const previous = this.status.notice;
    const continued = previous && previous.reason === reason && Date.now() - previous.at < 15_000;
    this.update({
      notice: { reason, at: Date.now(), refusedText: (continued ? previous.refusedText : '') + refusedText },
    });
  }

  /** Wraps y-websocket's sync handler to notice the server's step-2 answers to our probes. */
  private watchServerAnswers(): void {
    const handlers = this.provider.messageHandlers;
    const awareness = handlers[1]!;
    handlers[1] = (...args) => {
      this.lastMessageAt = Date.now();
      awareness(...args);
    };
    handlers[2] = (_encoder, decoder) => {
      this.lastMessageAt = Date.now();
      if (decoding.readVarUint(decoder) !== 0) return;
      const reason = decoding.readVarString(decoder);
      // An observer's read-only refusal is expected; the banner already says so.
      if (reason === 'read-only') return;
      this.notify(reason.replace(/^(approved|locked): /, ''));
      this.collectRevertsUntil = Date.now() + 5000;
    };
    const original = handlers[0]!;
    handlers[0] = (encoder, decoder, provider, emitSynced, messageType) => {
      this.lastMessageAt = Date.now();
      const start = decoder.pos;
      const step = decoding.readVarUint(decoder);
      decoder.pos = start;
      original(encoder, decoder, provider, emitSynced, messageType);
      if (step !== syncProtocol.messageYjsSyncStep2) return;
      // The first answer after connecting answers the provider's own step 1, not a probe.
      if (this.skipAnswers > 0) {
        this.skipAnswers -= 1;
        return;
      }
      const probe = this.pendingProbes.shift();
      if (probe !== undefined && probe >= this.unsavedSince && this.pendingProbes.length === 0)
        this.update({ saved: true });
    };
    this.provider.on('status', ({ status }) => {
      this.pendingProbes = [];
      if (status === 'connected') {
        this.skipAnswers = 1;
        this.lastMessageAt = Date.now();
      }
    });
  }
}
