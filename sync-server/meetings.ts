import { isSubItemStyle, type MeetingInfo, type SubItemStyle } from '../schema/index';
import type { Role } from './auth/roles';
import { signToken, verifyToken } from './auth/tokens';
import type { InvitationRecord, RoomRecords, RoomState } from './records';
import { isValidRoomName } from './storage/storage';

export interface MeetingInput extends MeetingInfo {
  delegations: string[];
  /** The room; default: made from the title and date. */
  room?: string;
  subItemStyle?: SubItemStyle;
  ttlSeconds?: number;
}

export interface Invitation extends InvitationRecord {
  /** The path to open (`/r/ROOM#token=…`); prefix the server's address. */
  path: string;
}

const DEFAULT_TTL = 14 * 86400;

/** A room name from the meeting: `liaison-network-2013-06-25`. */
export function roomNameFor(input: MeetingInfo): string {
  const base = `${input.title ?? 'meeting'}-${input.date ?? ''}`
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (base || 'meeting').slice(0, 64).replace(/-+$/, '');
}

/**
 * A meeting is a report room with its metadata, and its invitations: one for the secretariat, one per
 * delegation, one for observers. Each invitation is a token whose id is recorded so it can be revoked.
 */
export async function createMeeting(
  records: RoomRecords,
  secret: string,
  input: MeetingInput,
  /** Whether a room name is taken: a name made from the title then gets a `-2`, `-3`… suffix. */
  taken: (room: string) => Promise<boolean> = async () => false,
): Promise<{ room: string; invitations: Invitation[] }> {
  const room = input.room ?? (await freeName(roomNameFor(input), taken));
  if (!isValidRoomName(room)) throw new MeetingError(`"${room}" is not a room name: 1-64 of A-Z a-z 0-9 _ -`);
  if (input.subItemStyle !== undefined && !isSubItemStyle(input.subItemStyle))
    throw new MeetingError('the sub-item style is one of a. a) (a)');
  const delegations = [...new Set(input.delegations.map((name) => name.trim()).filter(Boolean))];
  if (delegations.length === 0) throw new MeetingError('name at least one participating delegation');
  const existing = await records.state(room);
  const meeting = { ...existing.meeting, ...pick(input), delegations };
  const state: RoomState = { ...existing, meeting };
  await records.setState(room, state);
  const ttlSeconds = input.ttlSeconds ?? DEFAULT_TTL;
  const invitations: Invitation[] = [];
  const invite = async (role: Role, delegation: string | null) => {
    const token = signToken(secret, { room, role, ttlSeconds, ...(delegation ? { delegation } : {}) });
    const verified = verifyToken(secret, token);
    if (!verified.ok) throw new Error('a token just made does not verify');
    const record: InvitationRecord = {
      id: verified.claims.jti,
      room,
      role,
      delegation,
      createdAt: new Date(verified.claims.iat * 1000).toISOString(),
      expiresAt: new Date(verified.claims.exp * 1000).toISOString(),
      revokedAt: null,
      token,
    };
    await records.saveInvitation(record);
    invitations.push({ ...record, path: `/r/${room}#token=${token}` });
  };
  await invite('secretariat', null);
  for (const delegation of delegations) await invite('delegate', delegation);
  await invite('observer', null);
  return { room, invitations };
}

async function freeName(base: string, taken: (room: string) => Promise<boolean>): Promise<string> {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const name = `${base.slice(0, 64 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!(await taken(name))) return name;
  }
}

function pick(input: MeetingInfo): MeetingInfo {
  const info: MeetingInfo = {};
  for (const key of ['body', 'title', 'date', 'venue'] as const) if (input[key]?.trim()) info[key] = input[key]!.trim();
  return info;
}

export class MeetingError extends Error {}
