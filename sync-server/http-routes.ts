import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { Exporter } from './exports/exporter';
import { handleApi, sendJson } from './http-api';
import type { SyncHub } from './hub';
import { errorMessage, type Logger } from './logger';
import { placeholderPage } from './placeholder-page';

export interface HttpContext {
  hub: SyncHub;
  exporter: Exporter;
  secret: string;
  log: Logger;
  version: string;
  /** The built editor (dist/editor), or null when it has not been built. */
  editorDir: string | null;
  /** Whether `POST /api/demo/link` hands out delegate and observer links to the demo room. */
  demo: boolean;
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** Every HTTP route: health, exports, and the editor's files. Errors are JSON `{ error }`. */
function memoryMb(): { rss: number; heapUsed: number; external: number } {
  const usage = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  return { rss: mb(usage.rss), heapUsed: mb(usage.heapUsed), external: mb(usage.external + usage.arrayBuffers) };
}

export async function handleHttp(
  context: HttpContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://accord.invalid');
  const path = url.pathname;
  try {
    if (path === '/healthz') {
      const storing = await context.hub.canStore();
      const cluster = context.hub.cluster;
      // 503 while this instance cannot store: a load balancer sends its clients elsewhere.
      return sendJson(response, storing ? 200 : 503, {
        ok: storing,
        storage: storing ? 'ok' : 'failing',
        redis: cluster.mode === 'single' ? null : cluster.healthy() ? 'up' : 'down',
        version: context.version,
        rooms: context.hub.roomCount,
        connections: context.hub.connectionCount,
        exports: context.exporter.counts,
        // Memory in MB, so an operator (and the soak) can tell a growing heap from a growing RSS.
        memory: memoryMb(),
      });
    }
    if (path.startsWith('/api/')) {
      if (await handleApi(context, request, response, url)) return;
      return sendJson(response, 404, { error: `no such route: ${request.method} ${path}` });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendJson(response, 405, { error: 'method not allowed' });
    return serveEditor(context, response, path);
  } catch (error) {
    context.log.error('http.error', { path, error: errorMessage(error) });
    if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
    else response.destroy();
  }
}

function serveEditor(context: HttpContext, response: ServerResponse, path: string): void {
  const dir = context.editorDir;
  if (!dir) {
    response.writeHead(path === '/' || path.startsWith('/r/') ? 200 : 404, {
      'Content-Type': 'text/html; charset=utf-8',
    });
    response.end(placeholderPage(context.version));
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    sendJson(response, 400, { error: 'malformed percent-encoding in the path' });
    return;
  }
  const file = normalize(join(dir, decoded));
  const inside = file.startsWith(dir + sep);
  if (inside && existsSync(file) && statSync(file).isFile()) {
    const immutable = path.startsWith('/assets/');
    response.writeHead(200, {
      'Content-Type': STATIC_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(response);
    return;
  }
  // The editor is a single-page app: `/` and `/r/:room` are its index.
  if (path === '/' || path.startsWith('/r/')) {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
    createReadStream(join(dir, 'index.html')).pipe(response);
    return;
  }
  sendJson(response, 404, { error: `not found: ${path}` });
}
