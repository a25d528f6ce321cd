/**
 * Several server instances as one service: what one instance stores and what its clients say
 * reaches every other instance holding the room. One interface, as storage is: a single instance
 * uses `SingleInstance` (nothing to tell anyone), several use `RedisCluster`.
 */
export interface ClusterRoomHandlers {
  /** A document update another instance stored as `seq`. */
  update(seq: number, update: Uint8Array): void;
  /** A presence (awareness) update from another instance's clients. */
  presence(update: Uint8Array): void;
  /** What only the server decides (approval, meeting) changed on another instance: read it again. */
  state(): void;
  /** Messages may have been missed (the subscription was down): catch up from storage. */
  resync(): void;
  /** Another instance's connection claimed a Yjs client id for a participant (see Room.mayWrite). */
  writer(client: number, writer: string): void;
}

export interface Cluster {
  readonly mode: 'single' | 'redis';
  join(room: string, handlers: ClusterRoomHandlers): void;
  leave(room: string): void;
  publishUpdate(room: string, seq: number, update: Uint8Array): void;
  publishPresence(room: string, update: Uint8Array): void;
  publishState(room: string): void;
  publishWriter(room: string, client: number, writer: string): void;
  publishRevocation(tokenId: string): void;
  onRevocation(handler: (tokenId: string) => void): void;
  /** Whether messages can be sent and received now (for /healthz). */
  healthy(): boolean;
  close(): Promise<void>;
}

/** One instance: there is no one else to tell. */
export class SingleInstance implements Cluster {
  readonly mode = 'single';
  join(): void {}
  leave(): void {}
  publishUpdate(): void {}
  publishPresence(): void {}
  publishState(): void {}
  publishWriter(): void {}
  publishRevocation(): void {}
  onRevocation(): void {}
  healthy(): boolean {
    return true;
  }
  async close(): Promise<void> {}
}
