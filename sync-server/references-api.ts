import { listReferences } from '../schema/references/labels';
import { ANY_ROLE, authorize, type Handler, sendJson } from './api-support';

/**
 * The report's cross-references: where each is, what it points at and reads now. A broken one (its
 * target deleted) has `targetLabel: null`; the secretariat's panel lists those, and approval refuses
 * them (http-api.ts).
 */
const listAll: Handler = async (context, request, response, url, [room]) => {
  await authorize(context, request, url, room!, ANY_ROLE);
  const references = listReferences((await context.hub.readReport(room!)).doc);
  sendJson(response, 200, {
    references,
    broken: references.filter((reference) => reference.targetLabel === null).length,
  });
};

export const REFERENCE_ROUTES: { method: string; path: RegExp; handler: Handler }[] = [
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/references$/, handler: listAll },
];
