import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { signToken } from './auth/tokens';
import { handleApi } from './http-api';
import type { SyncHub } from './hub';
import { errorMessage, type Logger } from './logger';
import { placeholderPage } from './placeholder-page';

export interface HttpContext {
  hub: SyncHub;
  secret: string;
  log: Logger;
  version: string;
  /** The built editor (dist/editor), or null when it has not been built. */
  editorDir: string | null;
  /** Whether `/api/demo/link` hands out delegate and observer links to the demo room. */
  demo: boolean;
}

/** The room `accord serve` seeds on first start and the home page opens. */
export const DEMO_ROOM = 'demo';

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
};

/** Every HTTP route: health, exports, and the editor's files. Errors are JSON `{ error }`. */
export async function handleHttp(
  context: HttpContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://accord.invalid');
  const path = url.pathname;
  try {
    if (path === '/healthz') {
      return json(response, 200, {
        ok: true,
        version: context.version,
        rooms: context.hub.roomCount,
        connections: context.hub.connectionCount,
      });
    }
    if (path === '/api/demo/link') return await demoLink(context, request, response);
    if (path.startsWith('/api/')) {
      if (await handleApi(context, request, response, url)) return;
      return json(response, 404, { error: `no such route: ${request.method} ${path}` });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return json(response, 405, { error: 'method not allowed' });
    return serveEditor(context, response, path);
  } catch (error) {
    context.log.error('http.error', { path, error: errorMessage(error) });
    if (!response.headersSent) json(response, 500, { error: 'internal error' });
    else response.destroy();
  }
}

/**
 * The home page's way into the demo room: a delegate link for a delegation the visitor names, or an
 * observer link. Only for the room `demo`, never the secretariat role, and only when enabled.
 */
async function demoLink(context: HttpContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'POST') return json(response, 405, { error: 'method not allowed' });
  if (!context.demo) return json(response, 404, { error: 'the demo room is not enabled on this server' });
  let body: { role?: unknown; delegation?: unknown };
  try {
    body = JSON.parse(await readBody(request, 4096)) as typeof body;
  } catch {
    return json(response, 400, { error: 'expected a JSON body { role, delegation }' });
  }
  const role = body.role === 'observer' ? 'observer' : body.role === 'delegate' ? 'delegate' : null;
  if (!role) return json(response, 400, { error: 'role must be "delegate" or "observer"' });
  const delegation = typeof body.delegation === 'string' ? body.delegation.trim().slice(0, 60) : '';
  if (role === 'delegate' && delegation === '') return json(response, 400, { error: 'name your delegation' });
  const token = signToken(context.secret, {
    room: DEMO_ROOM,
    role,
    ttlSeconds: 12 * 3600,
    ...(delegation ? { delegation } : {}),
  });
  context.log.info('demo.link', { room: DEMO_ROOM, role, delegation: delegation || null });
  return json(response, 200, { path: `/r/${DEMO_ROOM}#token=${token}` });
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
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
  const file = normalize(join(dir, decodeURIComponent(path)));
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
  json(response, 404, { error: `not found: ${path}` });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${JSON.stringify(body)}\n`);
}
