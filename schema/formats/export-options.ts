import type { ThreadSummary } from '../comments/anchors';
import type { MeetingInfo, Report } from '../json';
import type { ExportView } from '../negotiation/views';

/** What an export may say beyond the document itself. */
export interface ExportOptions {
  /** The page or document title. Default: the meeting's title, else the first heading, else "Report". */
  title?: string;
  /** A line under the title, such as the approval. */
  subtitle?: string;
  /** Set for an approved report: every format says so. */
  approval?: { date: string; by: string };
  /** `clean` (default): as if every open proposal were rejected; `negotiation`: proposals shown, by delegation. */
  view?: ExportView;
  /** Comment threads to include (HTML after the report, Word as comments); absent: none. */
  comments?: readonly ThreadSummary[];
}

/** The title block of a report: what the meeting settings and the document say. */
export function titleBlock(
  report: Report,
  options: ExportOptions,
): { title: string; meeting: MeetingInfo; approvalLine: string | null } {
  const meeting = report.settings.meeting ?? {};
  const firstHeading = (report.doc.content ?? []).find((block) => block.type === 'heading');
  const headingText = firstHeading ? (firstHeading.content ?? []).map((node) => node.text ?? '').join('') : '';
  const title = options.title ?? meeting.title ?? (headingText || 'Report');
  const approvalLine = options.approval
    ? `Approved on ${options.approval.date} by ${options.approval.by}`
    : (options.subtitle ?? null);
  return { title, meeting, approvalLine };
}
