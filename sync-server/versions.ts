import * as Y from 'yjs';
import type { ExportOptions } from '../schema/formats/export-options';
import { type Report, yDocToReport } from '../schema/index';
import type { Actor, RoomRecords, VersionRecord } from './records';
import type { Room } from './room';

/** A named version: the room's Yjs state at that moment. */
export async function saveVersion(
  records: RoomRecords,
  room: Room,
  name: string,
  actor: Actor,
  approved = false,
): Promise<VersionRecord> {
  const version: VersionRecord = {
    id: `${new Date().toISOString().replace(/[-:.TZ]/g, '')}-${Math.random().toString(36).slice(2, 6)}`,
    room: room.name,
    name,
    createdAt: new Date().toISOString(),
    createdBy: actor,
    approved,
    snapshot: Buffer.from(Y.encodeStateAsUpdate(room.doc)).toString('base64'),
  };
  await records.saveVersion(version);
  return version;
}

/** The report as it was in a version. */
export function versionReport(version: VersionRecord): Report {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, Buffer.from(version.snapshot, 'base64'));
    return yDocToReport(doc);
  } finally {
    doc.destroy();
  }
}

/** A version as the API lists it: everything but the snapshot. */
export function versionSummary({ snapshot: _snapshot, ...summary }: VersionRecord): Omit<VersionRecord, 'snapshot'> {
  return summary;
}

/** What every export of an approved report says. */
export function approvalOptions(approval: { at: string; by: string } | null): ExportOptions {
  return approval ? { approval: { date: approval.at.slice(0, 10), by: approval.by } } : {};
}
