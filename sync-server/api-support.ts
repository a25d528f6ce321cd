import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Role } from './auth/roles';
import { type TokenClaims, verifyToken } from './auth/tokens';
import type { Exporter } from './exports/exporter';
import type { SyncHub } from './hub';
import { identityOf } from './identity';
import type { Logger } from './logger';
import type { ActivityRecord, Actor } from './records';
import { isValidRoomName } from './storage/storage';

/** What every API route is given, how it authorizes, reads and answers: shared by the route files. */
export interface ApiContext {
  hub: SyncHub;
  /** Writes exports off the event loop, cached, a few at a time per link. */
  exporter: Exporter;
  secret: string;
  log: Logger;
  /** Whether the home page may hand out links to the demo room. */
  demo: boolean;
}

/** A failure with its HTTP status; answered as JSON `{ error }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** More fields for the JSON answer, beside `error`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type Handler = (
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  params: string[],
) => Promise<void>;

export const ANY_ROLE: Role[] = ['secretariat', 'delegate', 'observer'];
export const SECRETARIAT: Role[] = ['secretariat'];

export async function authorize(
  context: ApiContext,
  request: IncomingMessage,
  url: URL,
  room: string | null,
  roles: Role[],
): Promise<TokenClaims> {
  if (room !== null && !isValidRoomName(room)) throw new HttpError(400, 'invalid room name: 1-64 of A-Z a-z 0-9 _ -');
  const header = request.headers.authorization;
  const bearer = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  const verified = verifyToken(context.secret, bearer ?? url.searchParams.get('token'));
  if (!verified.ok) throw new HttpError(401, verified.reason);
  if (room !== null && verified.claims.room !== room) throw new HttpError(403, 'this token is for another room');
  if (await context.hub.isRevoked(verified.claims.jti)) throw new HttpError(403, 'this invitation has been revoked');
  if (!roles.includes(verified.claims.role)) throw new HttpError(403, `only the ${roles.join(' or ')} may do this`);
  return verified.claims;
}

/** Records a secretariat action (a status, a version, a restore, an approval) in the room's activity: one moment. */
export function recordAction(
  context: ApiContext,
  room: string,
  actor: Actor,
  event: ActivityRecord['event'],
  {
    at = new Date().toISOString(),
    agreements = [],
    detail,
  }: { at?: string; agreements?: string[]; detail?: string } = {},
): Promise<void> {
  return context.hub.records.addActivity({
    room,
    at,
    from: at,
    actor,
    agreements,
    event,
    ...(detail !== undefined ? { detail } : {}),
  });
}

export function actorOf(claims: TokenClaims): Actor {
  const identity = identityOf(claims);
  return { role: identity.role, delegation: identity.delegation, name: identity.name };
}

export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new HttpError(413, 'the request body is too large');
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks).toString('utf8').trim();
  if (raw === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'the request body must be a JSON object');
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${JSON.stringify(body)}\n`);
}
