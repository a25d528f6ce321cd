import type { MeetingInfo } from '../schema/index';
import type { Role } from './auth/roles';
import type { EditingMode } from './rules/context';
import type { Storage } from './storage/storage';

/** Who did something, from the authenticated connection or token (never from what a client claims). */
export interface Actor {
  role: Role;
  delegation: string | null;
  name: string;
}

export interface Approval {
  versionId: string;
  at: string;
  by: string;
}

/** What only the server may change about a room: its meeting, and whether it is approved. */
export interface RoomState {
  meeting?: MeetingInfo & { delegations?: string[] };
  approval: Approval | null;
  /** Drafting (the default) or negotiation, set by the secretariat. */
  mode?: EditingMode;
}

export interface VersionRecord {
  id: string;
  room: string;
  name: string;
  createdAt: string;
  createdBy: Actor;
  approved: boolean;
  /** The Yjs state of the report at that moment, base64. */
  snapshot: string;
}

export interface InvitationRecord {
  /** The token's `jti`. */
  id: string;
  room: string;
  role: Role;
  delegation: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  /** The link's token, kept so the secretariat page can show the link and its QR code again. */
  token: string;
  /** `cli` for a link made with `accord token` (no meeting); absent for a meeting's invitations. */
  source?: 'cli';
}

export interface ActivityRecord {
  room: string;
  at: string;
  /** When the first change of this entry was made (entries gather a connection's changes for up to a minute). */
  from: string;
  actor: Actor;
  /** Agreement ids changed, and `reopen`/`approve`/`restore`/status events. */
  agreements: string[];
  event: 'edit' | 'status' | 'version' | 'restore' | 'approve' | 'reopen' | 'mode' | 'accept' | 'reject' | 'bracket';
  detail?: string;
}

/** What became of a proposal or bracket: so deciding it twice answers 409, not 404. */
export interface DecisionRecord {
  id: string;
  decision: 'accepted' | 'rejected' | 'withdrawn' | 'kept' | 'removed';
  by: string;
  at: string;
}

/** Sortable, unique keys: time first so listings come out in order. */
export function timeKey(date = new Date()): string {
  return `${date.toISOString()}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Typed access to a room's records in storage. */
export class RoomRecords {
  constructor(private readonly storage: Storage) {}

  async state(room: string): Promise<RoomState> {
    return (await this.storage.getRecord<RoomState>('room', room)) ?? { approval: null };
  }

  async setState(room: string, state: RoomState): Promise<void> {
    await this.storage.putRecord('room', room, state);
  }

  async saveVersion(version: VersionRecord): Promise<void> {
    await this.storage.putRecord('version', `${version.room}/${version.id}`, version);
  }

  version(room: string, id: string): Promise<VersionRecord | null> {
    return this.storage.getRecord<VersionRecord>('version', `${room}/${id}`);
  }

  versions(room: string): Promise<VersionRecord[]> {
    return this.storage.listRecords<VersionRecord>('version', `${room}/`);
  }

  async saveInvitation(invitation: InvitationRecord): Promise<void> {
    await this.storage.putRecord('invitation', invitation.id, invitation);
    await this.storage.putRecord('room-invitation', `${invitation.room}/${invitation.id}`, invitation.id);
  }

  invitation(id: string): Promise<InvitationRecord | null> {
    return this.storage.getRecord<InvitationRecord>('invitation', id);
  }

  async invitations(room: string): Promise<InvitationRecord[]> {
    const ids = await this.storage.listRecords<string>('room-invitation', `${room}/`);
    const found = await Promise.all(ids.map((id) => this.invitation(id)));
    return found.filter((invitation): invitation is InvitationRecord => invitation !== null);
  }

  async addActivity(entry: ActivityRecord): Promise<void> {
    await this.storage.putRecord('activity', `${entry.room}/${timeKey(new Date(entry.at))}`, entry);
  }

  async saveDecision(room: string, decision: DecisionRecord): Promise<void> {
    await this.storage.putRecord('decision', `${room}/${decision.id}`, decision);
  }

  decision(room: string, id: string): Promise<DecisionRecord | null> {
    return this.storage.getRecord<DecisionRecord>('decision', `${room}/${id}`);
  }

  activity(room: string): Promise<ActivityRecord[]> {
    return this.storage.listRecords<ActivityRecord>('activity', `${room}/`);
  }
}
