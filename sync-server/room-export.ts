import type { ExportOptions } from '../schema/formats/export-options';
import type { Report } from '../schema/index';
import type { RoomRecords, RoomState } from './records';
import { approvalOptions, versionReport } from './versions';

/**
 * What an export of a room contains: the approved version when the report is approved (and the
 * approval, which every format states), otherwise the live report; the meeting's title block either way.
 */
export async function reportForExport(
  records: RoomRecords,
  room: string,
  current: () => Promise<Report>,
): Promise<{ report: Report; options: ExportOptions }> {
  const state = await records.state(room);
  let report: Report;
  if (state.approval) {
    const version = await records.version(room, state.approval.versionId);
    if (!version) throw new Error(`the approved version of ${room} is missing`);
    report = versionReport(version);
  } else {
    report = await current();
  }
  return { report: withMeeting(report, state), options: approvalOptions(state.approval) };
}

/** The report with the meeting's details (kept by the server) as its title block. */
export function withMeeting(report: Report, state: RoomState): Report {
  if (!state.meeting) return report;
  const { delegations: _delegations, ...meeting } = state.meeting;
  return { ...report, settings: { ...report.settings, meeting } };
}
