import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { summarizeThreads } from '../schema/comments/anchors';
import { readThreads } from '../schema/comments/threads';
import { FORMATS, isExportFormat } from '../schema/formats/registry';
import { compareReports, REPORT_FIELD, type Report, writeReportToYDoc, yDocToReport } from '../schema/index';
import { openNegotiation } from '../schema/negotiation/open-items';
import { isExportView } from '../schema/negotiation/views';
import { listReferences } from '../schema/references/labels';
import {
  ANY_ROLE,
  type ApiContext,
  actorOf,
  authorize,
  type Handler,
  HttpError,
  readJson,
  recordAction,
  SECRETARIAT,
  sendJson,
} from './api-support';
import { signToken } from './auth/tokens';
import { AUTHORSHIP_ROUTES } from './authorship-api';
import { COMMENT_ROUTES } from './comments-api';
import { TooManyExports } from './exports/exporter';
import { createMeeting, MeetingError } from './meetings';
import { NEGOTIATION_ROUTES } from './negotiation-api';
import { CLOSE } from './protocol';
import { REFERENCE_ROUTES } from './references-api';
import { ORIGIN_SERVER } from './room';
import { reportForExport, withMeeting } from './room-export';
import { approvalOptions, saveVersion, versionReport, versionSummary } from './versions';

export { type ApiContext, sendJson } from './api-support';

/** The room `accord serve` seeds on first start and the home page opens. */
export const DEMO_ROOM = 'demo';

/** Answers an `/api/…` request, or returns false when no route matches the path. */
export async function handleApi(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<boolean> {
  const matching = ROUTES.filter((route) => route.path.test(url.pathname));
  if (matching.length === 0) return false;
  const route = matching.find((candidate) => candidate.method === request.method);
  try {
    if (!route) throw new HttpError(405, `use ${matching.map((r) => r.method).join(' or ')} for ${url.pathname}`);
    const params = route.path
      .exec(url.pathname)!
      .slice(1)
      .map((param) => {
        try {
          return decodeURIComponent(param);
        } catch {
          throw new HttpError(400, 'malformed percent-encoding in the path');
        }
      });
    await route.handler(context, request, response, url, params);
  } catch (error) {
    if (error instanceof HttpError) sendJson(response, error.status, { error: error.message, ...error.details });
    else throw error;
  }
  return true;
}

/** `?comments=1`: HTML and Word exports with the comment threads (the default export has none). */
function wantsComments(url: URL): boolean {
  const value = url.searchParams.get('comments');
  return value === '1' || value === 'true';
}

const exportCurrent: Handler = async (context, request, response, url, [room]) => {
  const claims = await authorize(context, request, url, room!, ANY_ROLE);
  const live = () => context.hub.readReport(room!);
  const found = await reportForExport(context.hub.records, room!, live);
  const { options } = found;
  let { report } = found;
  // An approved report changes no words after approval, but may gain comments on them: with comments,
  // the live document (the approved words, with every thread's anchor) is what is exported.
  if (wantsComments(url) && options.approval)
    report = withMeeting(await live(), await context.hub.records.state(room!));
  await sendExport(context, claims.jti, response, url, room!, report, options);
  context.log.info('export', {
    room,
    role: claims.role,
    delegation: claims.delegation ?? null,
    approved: options.approval !== undefined,
  });
};

const roomState: Handler = async (context, request, response, url, [room]) => {
  await authorize(context, request, url, room!, ANY_ROLE);
  const state = await context.hub.records.state(room!);
  sendJson(response, 200, { approval: state.approval, meeting: state.meeting ?? null, mode: state.mode ?? 'drafting' });
};

const setStatus: Handler = async (context, request, response, url, [room, id]) => {
  const claims = await authorize(context, request, url, room!, SECRETARIAT);
  const body = await readJson(request);
  const status = body.status;
  if (status !== 'agreed' && status !== 'open') throw new HttpError(400, 'status must be "agreed" or "open"');
  await context.hub.withRoom(room!, async (live) => {
    if (live.state.approval) throw new HttpError(409, 'the report is approved: reopen it first');
    const agreement = findAgreement(live.doc, id!);
    if (!agreement) throw new HttpError(404, `no agreement with id "${id}" in this report`);
    if (status === 'agreed' && agreement.getAttribute('insertion'))
      throw new HttpError(409, 'this agreement is still a proposal: accept or reject it first');
    live.doc.transact(() => agreement.setAttribute('status', status), ORIGIN_SERVER);
    await recordAction(context, room!, actorOf(claims), 'status', { agreements: [id!], detail: status });
  });
  sendJson(response, 200, { id, status });
};

const listVersions: Handler = async (context, request, response, url, [room]) => {
  await authorize(context, request, url, room!, SECRETARIAT);
  sendJson(response, 200, { versions: (await context.hub.records.versions(room!)).map(versionSummary) });
};

const createVersion: Handler = async (context, request, response, url, [room]) => {
  const claims = await authorize(context, request, url, room!, SECRETARIAT);
  const body = await readJson(request);
  const name =
    typeof body.name === 'string' && body.name.trim()
      ? body.name.trim().slice(0, 120)
      : `Version of ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
  const version = await context.hub.withRoom(room!, (live) =>
    saveVersion(context.hub.records, live, name, actorOf(claims)),
  );
  await recordAction(context, room!, actorOf(claims), 'version', { at: version.createdAt, detail: name });
  sendJson(response, 201, { version: versionSummary(version) });
};

const exportVersion: Handler = async (context, request, response, url, [room, vid]) => {
  const claims = await authorize(context, request, url, room!, ANY_ROLE);
  const version = await context.hub.records.version(room!, vid!);
  if (!version) throw new HttpError(404, `no version "${vid}" in this report`);
  const state = await context.hub.records.state(room!);
  const approval = version.approved && state.approval?.versionId === version.id ? state.approval : null;
  await sendExport(
    context,
    claims.jti,
    response,
    url,
    room!,
    withMeeting(versionReport(version), state),
    approvalOptions(approval),
    `-${version.id}`,
  );
};

const restoreVersion: Handler = async (context, request, response, url, [room, vid]) => {
  const claims = await authorize(context, request, url, room!, SECRETARIAT);
  const version = await context.hub.records.version(room!, vid!);
  if (!version) throw new HttpError(404, `no version "${vid}" in this report`);
  await context.hub.withRoom(room!, (live) => {
    if (live.state.approval) throw new HttpError(409, 'the report is approved: reopen it first');
    // A new change on top of the current state, which every client receives live like any edit.
    writeReportToYDoc(versionReport(version), live.doc, ORIGIN_SERVER);
  });
  await recordAction(context, room!, actorOf(claims), 'restore', { detail: version.name });
  sendJson(response, 200, { restored: versionSummary(version) });
};

const compare: Handler = async (context, request, response, url, [room]) => {
  await authorize(context, request, url, room!, SECRETARIAT);
  const load = async (which: string | null): Promise<Report> => {
    if (!which || which === 'current') return context.hub.readReport(room!);
    const version = await context.hub.records.version(room!, which);
    if (!version) throw new HttpError(404, `no version "${which}" in this report`);
    return versionReport(version);
  };
  const from = url.searchParams.get('from');
  if (!from) throw new HttpError(400, 'give ?from=VERSION (and &to=VERSION or current)');
  sendJson(response, 200, compareReports(await load(from), await load(url.searchParams.get('to'))));
};

const approve: Handler = async (context, request, response, url, [room]) => {
  const claims = await authorize(context, request, url, room!, SECRETARIAT);
  const actor = actorOf(claims);
  const approval = await context.hub.withRoom(room!, async (live) => {
    if (live.state.approval) throw new HttpError(409, 'the report is already approved');
    // Everything received so far is part of what is approved.
    await live.whenPersisted();
    // Nothing is approved while a proposal or a bracket is open: the secretariat decides each first.
    const doc = yDocToReport(live.doc).doc;
    const broken = listReferences(doc).filter((reference) => reference.targetLabel === null);
    if (broken.length > 0)
      throw new HttpError(
        409,
        `${broken.length} reference${broken.length === 1 ? '' : 's'} point${broken.length === 1 ? 's' : ''} to a deleted paragraph: correct or remove ${broken.length === 1 ? 'it' : 'them'} first`,
        {
          broken: broken.map((reference) => ({ in: reference.in, label: reference.inLabel, target: reference.target })),
        },
      );
    const open = openNegotiation(doc);
    if (open.proposals.length > 0 || open.brackets.length > 0)
      throw new HttpError(
        409,
        'open proposals or brackets remain: accept or reject each, and lift the brackets, first',
        {
          open: { proposals: open.proposals.length, brackets: open.brackets.length },
        },
      );
    const version = await saveVersion(
      context.hub.records,
      live,
      `Approved ${new Date().toISOString().slice(0, 10)}`,
      actor,
      true,
    );
    const next = { versionId: version.id, at: version.createdAt, by: actor.name };
    await live.setState({ ...live.state, approval: next });
    return next;
  });
  await recordAction(context, room!, actor, 'approve', { at: approval.at });
  context.log.info('report.approved', { room, by: actor.name });
  sendJson(response, 200, { approval });
};

const reopen: Handler = async (context, request, response, url, [room]) => {
  const claims = await authorize(context, request, url, room!, SECRETARIAT);
  await context.hub.withRoom(room!, async (live) => {
    if (!live.state.approval) throw new HttpError(409, 'the report is not approved');
    await live.setState({ ...live.state, approval: null });
  });
  await recordAction(context, room!, actorOf(claims), 'reopen');
  context.log.info('report.reopened', { room, by: actorOf(claims).name });
  sendJson(response, 200, { approval: null });
};

const activity: Handler = async (context, request, response, url, [room]) => {
  await authorize(context, request, url, room!, SECRETARIAT);
  await context.hub.withRoom(room!, (live) => live.flushActivity());
  const entries = await context.hub.records.activity(room!);
  if (url.searchParams.get('format') === 'csv') {
    const csv = [
      'at,from,role,delegation,event,agreements,detail',
      ...entries.map((e) =>
        [e.at, e.from, e.actor.role, e.actor.delegation ?? '', e.event, e.agreements.join(' '), e.detail ?? '']
          .map(csvCell)
          .join(','),
      ),
    ];
    response.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${room}-activity.csv"`,
    });
    response.end(`${csv.join('\r\n')}\r\n`);
    return;
  }
  sendJson(response, 200, { activity: entries });
};

const listInvitations: Handler = async (context, request, response, url, [room]) => {
  await authorize(context, request, url, room!, SECRETARIAT);
  const invitations = await context.hub.records.invitations(room!);
  sendJson(response, 200, {
    invitations: invitations.map((invitation) => ({ ...invitation, path: `/r/${room}#token=${invitation.token}` })),
  });
};

const revoke: Handler = async (context, request, response, url, [id]) => {
  const invitation = await context.hub.records.invitation(id!);
  const claims = await authorize(context, request, url, invitation?.room ?? null, SECRETARIAT);
  if (!invitation) throw new HttpError(404, `no invitation "${id}"`);
  if (claims.jti === invitation.id) throw new HttpError(400, 'a link cannot revoke itself');
  const revokedAt = invitation.revokedAt ?? new Date().toISOString();
  await context.hub.records.saveInvitation({ ...invitation, revokedAt });
  const closed = context.hub.closeConnectionsOf(invitation.id, CLOSE.FORBIDDEN, 'this invitation has been revoked');
  context.hub.cluster.publishRevocation(invitation.id);
  context.log.info('invitation.revoked', {
    room: invitation.room,
    role: invitation.role,
    delegation: invitation.delegation,
    closed,
  });
  sendJson(response, 200, { id: invitation.id, revokedAt, closedConnections: closed });
};

const meeting: Handler = async (context, request, response, url) => {
  // Any secretariat may open a new meeting (the demo's secretariat link included), but a token acts
  // on its own room only: another room that exists is not this secretariat's to rewrite.
  const claims = await authorize(context, request, url, null, SECRETARIAT);
  const body = await readJson(request);
  if (typeof body.room === 'string' && body.room !== claims.room && (await context.hub.roomExists(body.room)))
    throw new HttpError(403, `the room "${body.room.slice(0, 64)}" exists and this link is for another room`);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const delegations = Array.isArray(body.delegations)
    ? body.delegations.filter((d): d is string => typeof d === 'string')
    : String(body.delegations ?? '').split(',');
  try {
    const created = await createMeeting(
      context.hub.records,
      context.secret,
      {
        title: text(body.title),
        date: text(body.date),
        venue: text(body.venue),
        body: text(body.body),
        room: text(body.room),
        delegations,
      },
      // A name made from the title must not land on an existing room either: it takes a free one.
      async (room) => room !== claims.room && (await context.hub.roomExists(room)),
    );
    sendJson(response, 201, created);
  } catch (error) {
    if (error instanceof MeetingError) throw new HttpError(400, error.message);
    throw error;
  }
};

function findAgreement(doc: Y.Doc, id: string): Y.XmlElement | null {
  for (const block of doc.getXmlFragment(REPORT_FIELD).toArray()) {
    if (!(block instanceof Y.XmlElement) || block.nodeName !== 'agreementList') continue;
    for (const item of block.toArray()) {
      if (item instanceof Y.XmlElement && item.nodeName === 'agreement' && item.getAttribute('id') === id) return item;
    }
  }
  return null;
}

async function sendExport(
  context: ApiContext,
  tokenId: string,
  response: ServerResponse,
  url: URL,
  room: string,
  report: Report,
  options: ReturnType<typeof approvalOptions>,
  suffix = '',
): Promise<void> {
  const format = url.searchParams.get('format') ?? 'txt';
  if (!isExportFormat(format)) throw new HttpError(400, `unknown format "${format}"`);
  const view = url.searchParams.get('view') ?? 'clean';
  if (!isExportView(view)) throw new HttpError(400, `unknown view "${view.slice(0, 40)}": clean or negotiation`);
  const info = FORMATS[format];
  // Threads are the live conversation, placed against the words of the report being exported.
  const comments = wantsComments(url)
    ? await context.hub.withRoom(room, (live) => summarizeThreads(report.doc, readThreads(live.doc)))
    : undefined;
  let body: string | Uint8Array;
  try {
    body = await context.exporter.export(tokenId, format, report, {
      ...options,
      view,
      ...(comments ? { comments } : {}),
    });
  } catch (error) {
    if (error instanceof TooManyExports) throw new HttpError(429, error.message);
    throw error;
  }
  response.writeHead(200, {
    'Content-Type': info.mime,
    'Content-Disposition': `attachment; filename="${room}${suffix}${view === 'negotiation' ? '-negotiation' : ''}.${info.extension}"`,
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The home page's way into the demo room: a delegate link for a delegation the visitor names, or an
 * observer link. Only for the room `demo`, never the secretariat role, and only when enabled.
 */
const demoLink: Handler = async (context, request, response) => {
  if (!context.demo) throw new HttpError(404, 'the demo room is not enabled on this server');
  const body = await readJson(request);
  const role = body.role === 'observer' ? 'observer' : body.role === 'delegate' ? 'delegate' : null;
  if (!role) throw new HttpError(400, 'role must be "delegate" or "observer"');
  const delegation = typeof body.delegation === 'string' ? body.delegation.trim().slice(0, 60) : '';
  if (role === 'delegate' && delegation === '') throw new HttpError(400, 'name your delegation');
  const token = signToken(context.secret, {
    room: DEMO_ROOM,
    role,
    ttlSeconds: 12 * 3600,
    ...(delegation ? { delegation } : {}),
  });
  context.log.info('demo.link', { room: DEMO_ROOM, role, delegation: delegation || null });
  sendJson(response, 200, { path: `/r/${DEMO_ROOM}#token=${token}` });
};

/** The routes, each with the roles it admits. The server enforces; the editor only mirrors. */
const ROUTES: { method: string; path: RegExp; handler: Handler }[] = [
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/export$/, handler: exportCurrent },
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/state$/, handler: roomState },
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/agreements\/([^/]+)\/status$/, handler: setStatus },
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/versions$/, handler: listVersions },
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/versions$/, handler: createVersion },
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/versions\/([^/]+)\/export$/, handler: exportVersion },
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/versions\/([^/]+)\/restore$/, handler: restoreVersion },
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/compare$/, handler: compare },
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/approve$/, handler: approve },
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/reopen$/, handler: reopen },
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/activity$/, handler: activity },
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/invitations$/, handler: listInvitations },
  { method: 'POST', path: /^\/api\/invitations\/([^/]+)\/revoke$/, handler: revoke },
  { method: 'POST', path: /^\/api\/meetings$/, handler: meeting },
  { method: 'POST', path: /^\/api\/demo\/link$/, handler: demoLink },
  ...NEGOTIATION_ROUTES,
  ...COMMENT_ROUTES,
  ...REFERENCE_ROUTES,
  ...AUTHORSHIP_ROUTES,
];
