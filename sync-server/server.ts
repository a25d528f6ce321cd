import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { Cluster } from './cluster/cluster';
import { DEFAULT_HUB_OPTIONS, type HubOptions } from './config';
import { Exporter } from './exports/exporter';
import { type HttpContext, handleHttp } from './http-routes';
import { SyncHub } from './hub';
import { errorMessage, type Logger } from './logger';
import { CLOSE } from './protocol';
import type { Storage } from './storage/storage';
import { VERSION } from './version';

export interface ServerOptions {
  port: number;
  host: string;
  storage: Storage;
  secret: string;
  log: Logger;
  hub?: Partial<HubOptions>;
  /** The built editor's directory, or null to serve the placeholder page. */
  editorDir: string | null;
  /** Hand out demo-room links from the home page. Default false. */
  demo?: boolean;
  /** Other instances to tell about what this one stores (default: none, one instance). */
  cluster?: Cluster;
}

export interface RunningServer {
  port: number;
  url: string;
  hub: SyncHub;
  http: Server;
  /** Stops accepting, closes clients with 1001, persists every room. Does not close the storage. */
  close(): Promise<void>;
}

const WS_PATH = /^\/ws\/([^/?]+)$/;

/** HTTP and WebSocket on one port, wired to the sync core. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const hubOptions: HubOptions = {
    ...DEFAULT_HUB_OPTIONS,
    ...options.hub,
    limits: { ...DEFAULT_HUB_OPTIONS.limits, ...options.hub?.limits },
  };
  const hub = new SyncHub(options.storage, options.secret, options.log, hubOptions, options.cluster);
  const exporter = new Exporter();
  const context: HttpContext = {
    hub,
    exporter,
    secret: options.secret,
    log: options.log,
    version: VERSION,
    editorDir: options.editorDir,
    demo: options.demo ?? false,
  };
  const http = createServer((request, response) => void handleHttp(context, request, response));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: hubOptions.limits.maxMessageBytes,
    perMessageDeflate: false,
  });

  // Ping every client; one that answered neither the last ping nor sent anything since is gone
  // (a laptop closed, a network dropped without a FIN): close it so its presence leaves too.
  const alive = new WeakMap<WebSocket, boolean>();
  const pinger = setInterval(() => {
    for (const client of wss.clients) {
      if (alive.get(client) === false) {
        client.terminate();
        continue;
      }
      alive.set(client, false);
      client.ping();
    }
  }, hubOptions.pingIntervalMs);
  pinger.unref();

  http.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://accord.invalid');
    const match = WS_PATH.exec(url.pathname);
    if (!match) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.on('error', () => {});
    wss.handleUpgrade(request, socket, head, (ws) => {
      let room: string;
      try {
        room = decodeURIComponent(match[1]!);
      } catch {
        room = '';
      }
      const handle = hub.connect(
        {
          send: (message) => {
            if (ws.readyState === WebSocket.OPEN) ws.send(message);
          },
          sendMany: (messages) => {
            if (ws.readyState !== WebSocket.OPEN) return;
            // Corked, the turn's messages for this client leave in one write instead of one each.
            const socket = (ws as unknown as { _socket?: import('node:net').Socket })._socket;
            socket?.cork();
            for (const message of messages) ws.send(message);
            socket?.uncork();
          },
          close: (code, reason) => ws.close(code, reason),
          bufferedAmount: () => ws.bufferedAmount,
        },
        {
          room,
          token: url.searchParams.get('token'),
          schema: url.searchParams.get('schema'),
          ip: request.socket.remoteAddress ?? 'unknown',
        },
      );
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      ws.on('message', (data) => {
        alive.set(ws, true);
        handle.receive(toBytes(data));
      });
      ws.on('close', () => handle.closed());
      ws.on('error', (error) => options.log.warn('socket.error', { room, error: errorMessage(error) }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;

  return {
    port,
    url: `http://${shownHost}:${port}`,
    hub,
    http,
    close: async () => {
      clearInterval(pinger);
      await hub.shutdown();
      await exporter.close();
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export { CLOSE };
