import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from '../logger';
import type { Cluster, ClusterRoomHandlers } from './cluster';

const UPDATE = 1;
const PRESENCE = 2;
const STATE = 3;
const WRITER = 4;

/**
 * Fan-out over Redis pub/sub: one channel per room (`PREFIX room:NAME`) and one for revocations. A
 * message is binary: its kind, the sending instance (so it ignores its own), the sequence number of
 * a stored update, and the payload. Pub/sub keeps nothing: when the subscriber's connection comes
 * back after a drop or a Redis restart, every room it holds is told to catch up from storage.
 */
export class RedisCluster implements Cluster {
  readonly mode = 'redis';
  private readonly instance = randomBytes(8);
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly rooms = new Map<string, ClusterRoomHandlers>();
  private readonly revocationHandlers: ((tokenId: string) => void)[] = [];
  private subscribedOnce = false;
  private up = false;

  constructor(
    url: string,
    private readonly log: Logger,
    /** Channel names start with it: instances of one service share it, test runs do not. */
    private readonly prefix = 'accord:',
  ) {
    const options = {
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      retryStrategy: (times: number) => Math.min(times * 100, 2000),
    };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('error', (error: Error) => this.log.warn('redis.error', { error: error.message }));
    }
    this.subscriber.on('ready', () => void this.subscribeAll());
    this.subscriber.on('end', () => (this.up = false));
    this.subscriber.on('close', () => (this.up = false));
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.receive(channel.toString(), message),
    );
  }

  /** Resolves once the subscriber is ready (a server starting in cluster mode waits for it). */
  ready(): Promise<void> {
    if (this.up) return Promise.resolve();
    return new Promise((resolve) => this.subscriber.once('ready', () => resolve()));
  }

  join(room: string, handlers: ClusterRoomHandlers): void {
    this.rooms.set(room, handlers);
    void this.subscriber.subscribe(this.roomChannel(room)).catch(() => {});
  }

  leave(room: string): void {
    this.rooms.delete(room);
    void this.subscriber.unsubscribe(this.roomChannel(room)).catch(() => {});
  }

  publishUpdate(room: string, seq: number, update: Uint8Array): void {
    this.publish(this.roomChannel(room), UPDATE, seq, update);
  }

  publishPresence(room: string, update: Uint8Array): void {
    this.publish(this.roomChannel(room), PRESENCE, 0, update);
  }

  publishState(room: string): void {
    this.publish(this.roomChannel(room), STATE, 0, new Uint8Array());
  }

  publishWriter(room: string, client: number, writer: string): void {
    this.publish(this.roomChannel(room), WRITER, client, new TextEncoder().encode(writer));
  }

  publishRevocation(tokenId: string): void {
    void this.publisher.publish(`${this.prefix}revocations`, tokenId).catch(() => {});
  }

  onRevocation(handler: (tokenId: string) => void): void {
    this.revocationHandlers.push(handler);
  }

  healthy(): boolean {
    return this.up && this.publisher.status === 'ready';
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }

  private roomChannel(room: string): string {
    return `${this.prefix}room:${room}`;
  }

  private async subscribeAll(): Promise<void> {
    try {
      const channels = [`${this.prefix}revocations`, ...[...this.rooms.keys()].map((room) => this.roomChannel(room))];
      await this.subscriber.subscribe(...channels);
      this.up = true;
      // What was published while the subscription was down is gone: catch up from storage.
      if (this.subscribedOnce) for (const handlers of this.rooms.values()) handlers.resync();
      this.subscribedOnce = true;
      this.log.info('redis.subscribed', { rooms: this.rooms.size });
    } catch (error) {
      this.log.warn('redis.subscribe.failed', { error: (error as Error).message });
    }
  }

  private publish(channel: string, kind: number, seq: number, payload: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kind);
    encoding.writeUint8Array(encoder, this.instance);
    encoding.writeVarUint(encoder, seq);
    encoding.writeVarUint8Array(encoder, payload);
    void this.publisher.publish(channel, Buffer.from(encoding.toUint8Array(encoder))).catch((error: Error) => {
      this.log.warn('redis.publish.failed', { channel, error: error.message });
    });
  }

  private receive(channel: string, message: Buffer): void {
    if (channel === `${this.prefix}revocations`) {
      for (const handler of this.revocationHandlers) handler(message.toString());
      return;
    }
    const room = channel.slice(`${this.prefix}room:`.length);
    const handlers = this.rooms.get(room);
    if (!handlers) return;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
      const kind = decoding.readVarUint(decoder);
      const from = decoding.readUint8Array(decoder, 8);
      if (Buffer.from(from).equals(this.instance)) return;
      const seq = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (kind === UPDATE) handlers.update(seq, payload);
      else if (kind === PRESENCE) handlers.presence(payload);
      else if (kind === STATE) handlers.state();
      else if (kind === WRITER) handlers.writer(seq, new TextDecoder().decode(payload));
    } catch (error) {
      this.log.error('redis.message.malformed', { room, error: (error as Error).message });
    }
  }
}
