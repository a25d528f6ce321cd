import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isValidRoomName } from '../storage/storage';
import { isRole, type Role } from './roles';

/** What a token says: the room, the role, for delegates the delegation, and until when. */
export interface TokenClaims {
  room: string;
  role: Role;
  delegation?: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
  /** The token's own id, so that an invitation can be revoked. */
  jti: string;
}

export type Verification = { ok: true; claims: TokenClaims } | { ok: false; reason: string };

const PREFIX = 'acc1';

/**
 * `acc1.<payload>.<signature>`, both base64url; the signature is HMAC-SHA256 over `acc1.<payload>`
 * with the server secret. Short enough for a link or a QR code.
 */
export function signToken(
  secret: string,
  claims: { room: string; role: Role; delegation?: string; ttlSeconds: number; now?: number },
): string {
  if (!isValidRoomName(claims.room)) throw new Error(`invalid room name ${JSON.stringify(claims.room)}`);
  const iat = Math.floor((claims.now ?? Date.now()) / 1000);
  const payload: TokenClaims = {
    room: claims.room,
    role: claims.role,
    ...(claims.delegation ? { delegation: claims.delegation } : {}),
    iat,
    exp: iat + claims.ttlSeconds,
    jti: randomBytes(9).toString('base64url'),
  };
  const body = `${PREFIX}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${mac(secret, body)}`;
}

export function verifyToken(secret: string, token: string | null | undefined, now = Date.now()): Verification {
  if (!token) return { ok: false, reason: 'missing token' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed token' };
  const body = `${parts[0]}.${parts[1]}`;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(parts[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'invalid token signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed token' };
  if (claims.exp * 1000 <= now) return { ok: false, reason: 'token expired' };
  return { ok: true, claims };
}

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

function isClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    isValidRoomName(claims.room) &&
    isRole(claims.role) &&
    (claims.delegation === undefined || typeof claims.delegation === 'string') &&
    typeof claims.iat === 'number' &&
    typeof claims.exp === 'number' &&
    typeof claims.jti === 'string'
  );
}

/** `30s`, `15m`, `12h`, `7d` → seconds. */
export function parseTtl(value: string): number {
  const match = /^(\d{1,7})([smhd])$/.exec(value.trim());
  if (!match) throw new Error(`a duration is a number and a unit (30s, 15m, 12h, 7d), not ${JSON.stringify(value)}`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  if (seconds < 1) throw new Error('a duration must be at least one second');
  return seconds;
}
