import { yDocToReport } from '../schema/index';
import { openNegotiation } from '../schema/negotiation/open-items';
import {
  ANY_ROLE,
  actorOf,
  authorize,
  type Handler,
  HttpError,
  readJson,
  recordAction,
  SECRETARIAT,
  sendJson,
} from './api-support';
import { decideProposal, resolveBracket } from './negotiation/decide';
import type { DecisionRecord } from './records';
import { ORIGIN_SERVER } from './room';
import type { EditingMode } from './rules/context';

/**
 * The negotiation routes: the editing mode, the open proposals and brackets, and the secretariat's
 * decisions on them. Each decision is one server change every client receives, and an entry in the
 * activity; a decided id answers 409 afterwards (a decision record remembers it), an unknown one 404.
 */

const MODES: readonly EditingMode[] = ['drafting', 'negotiation'];

const setMode: Handler = async (context, request, response, url, [room]) => {
  const claims = await authorize(context, request, url, room!, SECRETARIAT);
  const body = await readJson(request);
  const mode = body.mode;
  if (typeof mode !== 'string' || !(MODES as readonly string[]).includes(mode))
    throw new HttpError(400, 'mode must be "drafting" or "negotiation"');
  await context.hub.withRoom(room!, async (live) => {
    if (live.state.approval) throw new HttpError(409, 'the report is approved: reopen it first');
    await live.setState({ ...live.state, mode: mode as EditingMode });
  });
  await recordAction(context, room!, actorOf(claims), 'mode', { detail: mode });
  context.log.info('room.mode', { room, mode });
  sendJson(response, 200, { mode });
};

const listProposals: Handler = async (context, request, response, url, [room]) => {
  await authorize(context, request, url, room!, ANY_ROLE);
  sendJson(response, 200, { proposals: openNegotiation((await context.hub.readReport(room!)).doc).proposals });
};

const listBrackets: Handler = async (context, request, response, url, [room]) => {
  await authorize(context, request, url, room!, ANY_ROLE);
  sendJson(response, 200, { brackets: openNegotiation((await context.hub.readReport(room!)).doc).brackets });
};

/** Accept (secretariat) or reject (secretariat, or the delegation withdrawing its own). */
const decide =
  (decision: 'accept' | 'reject'): Handler =>
  async (context, request, response, url, [room, id]) => {
    const claims = await authorize(
      context,
      request,
      url,
      room!,
      decision === 'accept' ? SECRETARIAT : ['secretariat', 'delegate'],
    );
    const actor = actorOf(claims);
    const outcome = await context.hub.withRoom(room!, async (live) => {
      if (live.state.approval) throw new HttpError(409, 'the report is approved: reopen it first');
      const proposal = openNegotiation(yDocToReport(live.doc).doc).proposals.find((p) => p.id === id);
      if (!proposal) {
        const earlier = await context.hub.records.decision(room!, id!);
        if (earlier)
          throw new HttpError(409, `proposal "${id}" was already ${earlier.decision} on ${earlier.at.slice(0, 10)}`);
        throw new HttpError(404, `no open proposal "${id}" in this report`);
      }
      if (claims.role !== 'secretariat' && proposal.by !== actor.name)
        throw new HttpError(
          403,
          "a delegation may withdraw its own proposals only; the secretariat decides on others'",
        );
      let applied = false;
      live.doc.transact(() => {
        applied = decideProposal(live.doc, id!, decision);
      }, ORIGIN_SERVER);
      if (!applied) throw new HttpError(404, `no open proposal "${id}" in this report`);
      const record: DecisionRecord = {
        id: id!,
        decision: decision === 'accept' ? 'accepted' : claims.role === 'secretariat' ? 'rejected' : 'withdrawn',
        by: actor.name,
        at: new Date().toISOString(),
      };
      await context.hub.records.saveDecision(room!, record);
      return { proposal, record };
    });
    await recordAction(context, room!, actor, decision, {
      at: outcome.record.at,
      agreements: outcome.proposal.itemId ? [outcome.proposal.itemId] : [],
      detail: `${outcome.record.decision} ${outcome.proposal.kind === 'insert' ? 'insertion' : 'deletion'} by ${outcome.proposal.by}: ${outcome.proposal.text.slice(0, 200)}`,
    });
    sendJson(response, 200, { id, decision: outcome.record.decision, proposal: outcome.proposal });
  };

const resolve: Handler = async (context, request, response, url, [room, id]) => {
  const claims = await authorize(context, request, url, room!, SECRETARIAT);
  const body = await readJson(request);
  if (typeof body.keep !== 'boolean')
    throw new HttpError(400, 'give {"keep": true} to lift the brackets keeping the text, or false to remove it');
  const keep = body.keep;
  const actor = actorOf(claims);
  const outcome = await context.hub.withRoom(room!, async (live) => {
    if (live.state.approval) throw new HttpError(409, 'the report is approved: reopen it first');
    const bracket = openNegotiation(yDocToReport(live.doc).doc).brackets.find((b) => b.id === id);
    if (!bracket) {
      const earlier = await context.hub.records.decision(room!, id!);
      if (earlier) throw new HttpError(409, `bracket "${id}" was already resolved on ${earlier.at.slice(0, 10)}`);
      throw new HttpError(404, `no open bracket "${id}" in this report`);
    }
    live.doc.transact(() => resolveBracket(live.doc, id!, keep), ORIGIN_SERVER);
    const record: DecisionRecord = {
      id: id!,
      decision: keep ? 'kept' : 'removed',
      by: actor.name,
      at: new Date().toISOString(),
    };
    await context.hub.records.saveDecision(room!, record);
    return { bracket, record };
  });
  await recordAction(context, room!, actor, 'bracket', {
    at: outcome.record.at,
    agreements: outcome.bracket.itemId ? [outcome.bracket.itemId] : [],
    detail: `brackets lifted, text ${outcome.record.decision}: ${outcome.bracket.text.slice(0, 200)}`,
  });
  sendJson(response, 200, { id, keep, bracket: outcome.bracket });
};

export const NEGOTIATION_ROUTES: { method: string; path: RegExp; handler: Handler }[] = [
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/mode$/, handler: setMode },
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/proposals$/, handler: listProposals },
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/proposals\/([^/]+)\/accept$/, handler: decide('accept') },
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/proposals\/([^/]+)\/reject$/, handler: decide('reject') },
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/brackets$/, handler: listBrackets },
  { method: 'POST', path: /^\/api\/rooms\/([^/]+)\/brackets\/([^/]+)\/resolve$/, handler: resolve },
];
