import * as Y from 'yjs';
import { type Report, writeReportToYDoc, yDocToReport } from '../../schema/index';
import { type Storage, storedUpdates } from '../storage/storage';

/** Reads a stored room into a fresh Y.Doc (for the CLI, with no server involved). */
export async function loadRoomDoc(storage: Storage, room: string): Promise<Y.Doc> {
  const stored = await storage.load(room);
  const doc = new Y.Doc();
  for (const update of storedUpdates(stored)) Y.applyUpdate(doc, update);
  return doc;
}

export async function readRoomReport(storage: Storage, room: string): Promise<Report> {
  const doc = await loadRoomDoc(storage, room);
  try {
    return yDocToReport(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Replaces a room's report with another, as one Yjs change appended to the room's log, so clients
 * that hold the old text merge to the new one instead of resurrecting it.
 */
export async function replaceRoomReport(storage: Storage, room: string, report: Report): Promise<void> {
  const doc = await loadRoomDoc(storage, room);
  try {
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    writeReportToYDoc(report, doc);
    if (updates.length > 0) await storage.append(room, [Y.mergeUpdates(updates)]);
  } finally {
    doc.destroy();
  }
}
