import * as Y from 'yjs';
import { delegationColour } from '../schema/colours';
import { type Report, yDocToReport } from '../schema/index';
import { SCHEMA_VERSION } from '../schema/yjs-shape';
import { verifyToken } from './auth/tokens';
import { type Cluster, SingleInstance } from './cluster/cluster';
import { DEFAULT_HUB_OPTIONS, type HubOptions } from './config';
import { Connection, type SyncSocket } from './connection';
import { identityOf } from './identity';
import { errorMessage, type Logger } from './logger';
import { CLOSE } from './protocol';
import { RoomRecords } from './records';
import { ORIGIN_STORAGE, Room } from './room';
import { RoomColours } from './room-colours';
import { isValidRoomName, type Storage, type StoredRoom, storedUpdates } from './storage/storage';

export interface ConnectRequest {
  room: string;
  token: string | null;
  /** The schema version the client was built for (`?schema=N`); see SCHEMA_VERSION. */
  schema: string | null;
  /** The client's address, for the per-IP connection limit. */
  ip: string;
}

/** What the transport calls back with. */
export interface ConnectionHandle {
  receive(message: Uint8Array): void;
  closed(): void;
}

interface Slot {
  /** What the room is being built from (null if it could not be read): sent to connections meanwhile. */
  stored: Promise<StoredRoom | null>;
  ready: Promise<Room>;
  room: Room | null;
  users: number;
  unloadTimer: NodeJS.Timeout | null;
  unloading: Promise<void> | null;
}

const NOOP_HANDLE: ConnectionHandle = { receive: () => {}, closed: () => {} };

/**
 * The sync core, apart from any transport: authenticates a connection from its token, loads its
 * room on first use, unloads rooms after their last client leaves (after persisting).
 */
export class SyncHub {
  private readonly slots = new Map<string, Slot>();
  private readonly perIp = new Map<string, number>();
  private readonly perToken = new Map<string, number>();
  private readonly connections = new Set<Connection>();
  private readonly owners = new Map<string, Map<number, Connection>>();
  private shuttingDown = false;
  readonly records: RoomRecords;

  constructor(
    private readonly storage: Storage,
    private readonly secret: string,
    private readonly log: Logger,
    private readonly options: HubOptions = DEFAULT_HUB_OPTIONS,
    readonly cluster: Cluster = new SingleInstance(),
  ) {
    this.records = new RoomRecords(storage);
    // A link revoked through another instance closes here too.
    cluster.onRevocation((tokenId) =>
      this.closeConnectionsOf(tokenId, CLOSE.FORBIDDEN, 'this invitation has been revoked'),
    );
    this.revocationTimer = setInterval(() => void this.closeRevoked(), options.revocationCheckMs);
    this.revocationTimer.unref();
  }

  private readonly revocationTimer: NodeJS.Timeout;

  /** Closes open connections whose link was revoked elsewhere (`accord revoke`): one lookup per link. */
  async closeRevoked(): Promise<void> {
    const links = new Set([...this.connections].map((connection) => connection.identity.tokenId));
    for (const link of links) {
      try {
        if (await this.isRevoked(link))
          this.closeConnectionsOf(link, CLOSE.FORBIDDEN, 'this invitation has been revoked');
      } catch (error) {
        this.log.error('revocation.check.failed', { error: errorMessage(error) });
        return;
      }
    }
  }

  /** Admits or refuses a new socket. Refusals close it with a code the client treats as final. */
  connect(socket: SyncSocket, request: ConnectRequest): ConnectionHandle {
    if (this.shuttingDown) {
      socket.close(CLOSE.GOING_AWAY, 'server shutting down');
      return NOOP_HANDLE;
    }
    if (!isValidRoomName(request.room)) {
      socket.close(CLOSE.MALFORMED, 'invalid room name: 1-64 of A-Z a-z 0-9 _ -');
      return NOOP_HANDLE;
    }
    if (request.schema !== String(SCHEMA_VERSION)) {
      // An editor built for another schema would delete what it does not know, for everyone: it
      // reloads first (its unsent work stays in the browser's copy).
      const reason =
        request.schema === null
          ? `say which schema version this client speaks (?schema=${SCHEMA_VERSION})`
          : `this page is out of date (schema ${request.schema.slice(0, 8)}, server ${SCHEMA_VERSION}): reload it`;
      this.log.info('connection.refused', { room: request.room, code: CLOSE.SCHEMA_MISMATCH, reason });
      socket.close(CLOSE.SCHEMA_MISMATCH, reason);
      return NOOP_HANDLE;
    }
    const verified = verifyToken(this.secret, request.token);
    if (!verified.ok) {
      this.log.info('connection.refused', { room: request.room, code: CLOSE.UNAUTHORIZED, reason: verified.reason });
      socket.close(CLOSE.UNAUTHORIZED, verified.reason);
      return NOOP_HANDLE;
    }
    if (verified.claims.room !== request.room) {
      this.log.info('connection.refused', {
        room: request.room,
        code: CLOSE.FORBIDDEN,
        reason: 'token for another room',
      });
      socket.close(CLOSE.FORBIDDEN, 'this token is for another room');
      return NOOP_HANDLE;
    }
    const fromIp = this.perIp.get(request.ip) ?? 0;
    const fromToken = this.perToken.get(verified.claims.jti) ?? 0;
    // Per link as well as per address: one link cannot fill a venue's shared address for everyone else.
    const over =
      fromIp >= this.options.limits.connectionsPerIp
        ? `more than ${this.options.limits.connectionsPerIp} connections from one address`
        : fromToken >= this.options.limits.connectionsPerToken
          ? `more than ${this.options.limits.connectionsPerToken} connections with one link`
          : null;
    if (over) {
      this.log.warn('connection.refused', { room: request.room, code: CLOSE.RATE_LIMITED, reason: over });
      socket.close(CLOSE.RATE_LIMITED, over);
      return NOOP_HANDLE;
    }
    const colours = this.coloursOf(request.room);
    const named = identityOf(verified.claims);
    // The secretariat's and observers' windows all share a role's name: number them from the second.
    // A delegation's windows are that delegation, whichever window types.
    const window = colours.open(named.name, named.delegation === null);
    const identity = {
      ...named,
      colour: colours.colourOf(named.name),
      displayName: window !== undefined && window > 1 ? `${named.name} ${window}` : named.name,
      ...(window !== undefined ? { window } : {}),
    };
    const owners = this.ownersOf(request.room);
    const connection = new Connection(
      socket,
      identity,
      request.room,
      this.options.limits,
      this.log,
      owners,
      (closed) => this.release(closed, request.ip),
      verified.claims.exp * 1000,
    );
    this.perIp.set(request.ip, fromIp + 1);
    this.perToken.set(verified.claims.jti, fromToken + 1);
    this.connections.add(connection);
    this.log.info('connection.open', { room: request.room, role: identity.role, delegation: identity.delegation });
    const revoked = this.isRevoked(identity.tokenId);
    const loaded = this.acquire(request.room);
    this.sendStoredWhileLoading(request.room, connection, revoked);
    Promise.all([loaded, revoked]).then(
      ([room, isRevoked]) => {
        if (connection.isClosed) return this.releaseRoom(request.room);
        if (isRevoked) {
          connection.close(CLOSE.FORBIDDEN, 'this invitation has been revoked');
          return this.releaseRoom(request.room);
        }
        connection.attach(room);
      },
      (error: unknown) => {
        const full = error instanceof RoomsFull;
        this.log.error('room.load.failed', { room: request.room, error: errorMessage(error) });
        connection.close(
          full ? CLOSE.TRY_AGAIN_LATER : CLOSE.INTERNAL_ERROR,
          full ? 'too many rooms open' : 'the room could not be loaded',
        );
      },
    );
    return {
      receive: (message) => connection.receive(message),
      closed: () => connection.transportClosed(),
    };
  }

  /**
   * A cold room is read from storage at once but takes a while to build (a 2,000-agreement report:
   * ~200 ms of applying its snapshot, then encoding it again for each client). A connection that
   * arrives meanwhile is sent what is stored straight away — durable, and exactly the state the room
   * is about to have — and answered later with only what is newer.
   */
  private sendStoredWhileLoading(name: string, connection: Connection, revoked: Promise<boolean>): void {
    const slot = this.slots.get(name);
    if (!slot || slot.room) return;
    void Promise.all([slot.stored, revoked]).then(([stored, isRevoked]) => {
      if (stored && !isRevoked && !slot.room) connection.sendStored(stored);
    });
  }

  /** Whether the invitation behind a token was revoked. Tokens made by `accord token` have no invitation. */
  async isRevoked(tokenId: string): Promise<boolean> {
    const invitation = await this.records.invitation(tokenId);
    return invitation?.revokedAt != null;
  }

  /** Whether storage answers now (a record read, within two seconds), for /healthz. */
  async canStore(): Promise<boolean> {
    try {
      await Promise.race([
        this.storage.getRecord('health', 'probe'),
        new Promise((_, fail) => setTimeout(() => fail(new Error('storage did not answer')), 2000).unref()),
      ]);
      return true;
    } catch {
      return false;
    }
  }

  /** Whether anything of a room exists: its document, its meeting or its invitations. */
  async roomExists(name: string): Promise<boolean> {
    if (!isValidRoomName(name)) return false;
    if (this.slots.has(name)) return true;
    const [stored, state, invitations] = await Promise.all([
      this.storage.load(name),
      this.records.state(name),
      this.records.invitations(name),
    ]);
    return stored.lastSeq > 0 || stored.snapshot !== null || state.meeting !== undefined || invitations.length > 0;
  }

  /** Closes, at once, every connection opened with the token `tokenId` (a revoked invitation). */
  closeConnectionsOf(tokenId: string, code: number, reason: string): number {
    let closed = 0;
    for (const connection of [...this.connections]) {
      if (connection.identity.tokenId !== tokenId) continue;
      connection.close(code, reason);
      closed += 1;
    }
    return closed;
  }

  /** Runs `work` on a room, loading it for the while if nobody has it open. */
  async withRoom<T>(name: string, work: (room: Room) => Promise<T> | T): Promise<T> {
    const room = await this.acquire(name);
    try {
      return await work(room);
    } finally {
      this.releaseRoom(name);
    }
  }

  /** Rooms in memory now. */
  get roomCount(): number {
    return this.slots.size;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * The report as stored and live: from memory when the room is loaded, otherwise read from storage
   * into a scratch document (never loaded as a room, never written back).
   */
  async readReport(roomName: string): Promise<Report> {
    const slot = this.slots.get(roomName);
    const scratch = new Y.Doc();
    try {
      if (slot?.room && !slot.unloading) {
        Y.applyUpdate(scratch, Y.encodeStateAsUpdate(slot.room.doc));
      } else {
        const stored = await this.storage.load(roomName);
        for (const update of storedUpdates(stored)) {
          Y.applyUpdate(scratch, update, ORIGIN_STORAGE);
        }
      }
      // A copy, because reading drops content the schema refuses and that must not reach the room.
      return yDocToReport(scratch);
    } finally {
      scratch.destroy();
    }
  }

  /** Closes every client with 1001, persists and compacts every room, then resolves. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.revocationTimer);
    for (const connection of [...this.connections]) connection.close(CLOSE.GOING_AWAY, 'server shutting down');
    const rooms = [...this.slots.entries()];
    await Promise.all(
      rooms.map(async ([name, slot]) => {
        if (slot.unloadTimer) clearTimeout(slot.unloadTimer);
        try {
          const room = await slot.ready;
          await (slot.unloading ?? room.close());
        } catch (error) {
          this.log.error('room.shutdown.failed', { room: name, error: errorMessage(error) });
        }
        this.slots.delete(name);
      }),
    );
  }

  private readonly colours = new Map<string, RoomColours>();

  /** The colour a participant has (or, absent, would have) in a room's presence: what authorship is drawn in. */
  colourIn(room: string, name: string): string {
    return this.colours.get(room)?.colourOf(name) ?? delegationColour(name);
  }

  private coloursOf(room: string): RoomColours {
    let colours = this.colours.get(room);
    if (!colours) {
      colours = new RoomColours();
      this.colours.set(room, colours);
    }
    return colours;
  }

  private ownersOf(room: string): Map<number, Connection> {
    let owners = this.owners.get(room);
    if (!owners) {
      owners = new Map();
      this.owners.set(room, owners);
    }
    return owners;
  }

  private async acquire(name: string): Promise<Room> {
    let slot = this.slots.get(name);
    while (slot?.unloading) {
      await slot.unloading.catch(() => {});
      slot = this.slots.get(name);
    }
    if (slot) {
      if (slot.unloadTimer) clearTimeout(slot.unloadTimer);
      slot.unloadTimer = null;
      slot.users += 1;
      return slot.ready;
    }
    if (this.slots.size >= this.options.limits.maxRooms) throw new RoomsFull();
    const stored = this.storage.load(name);
    const created: Slot = {
      stored: stored.catch(() => null),
      ready: Room.load(name, stored, this.options, this.log, this.records, this.storage, this.cluster),
      room: null,
      users: 1,
      unloadTimer: null,
      unloading: null,
    };
    this.slots.set(name, created);
    try {
      created.room = await created.ready;
      return created.room;
    } catch (error) {
      this.slots.delete(name);
      throw error;
    }
  }

  private release(connection: Connection, ip: string): void {
    this.connections.delete(connection);
    const remaining = (this.perIp.get(ip) ?? 1) - 1;
    if (remaining > 0) this.perIp.set(ip, remaining);
    else this.perIp.delete(ip);
    const fromToken = (this.perToken.get(connection.identity.tokenId) ?? 1) - 1;
    if (fromToken > 0) this.perToken.set(connection.identity.tokenId, fromToken);
    else this.perToken.delete(connection.identity.tokenId);
    const owners = this.owners.get(connection.roomName);
    for (const clientId of connection.clientIds) if (owners?.get(clientId) === connection) owners.delete(clientId);
    const { name, window } = connection.identity;
    const colours = this.colours.get(connection.roomName);
    colours?.close(name, window);
    if (colours?.isEmpty) this.colours.delete(connection.roomName);
    // A connection still waiting for its room releases it when the load finishes (see connect()).
    if (connection.isAttached) this.releaseRoom(connection.roomName);
  }

  private releaseRoom(name: string): void {
    const slot = this.slots.get(name);
    if (!slot || this.shuttingDown) return;
    slot.users -= 1;
    if (slot.users > 0) return;
    slot.unloadTimer = setTimeout(() => this.unload(name, slot), this.options.unloadDelayMs);
  }

  private unload(name: string, slot: Slot): void {
    slot.unloadTimer = null;
    if (slot.users > 0 || !slot.room) return;
    const room = slot.room;
    slot.unloading = room.close().then(
      () => {
        this.slots.delete(name);
        if (this.owners.get(name)?.size === 0) this.owners.delete(name);
      },
      (error: unknown) => {
        // Never unload unsaved state: keep the room and try again later.
        this.log.error('room.unload.failed', { room: name, error: errorMessage(error) });
        slot.unloading = null;
        slot.unloadTimer = setTimeout(() => this.unload(name, slot), Math.max(this.options.unloadDelayMs, 1000));
      },
    );
  }
}

class RoomsFull extends Error {
  constructor() {
    super('too many rooms open');
  }
}
