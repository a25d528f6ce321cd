import { listReferences, referenceTextsOf } from '../schema/references/labels';
import { ANY_ROLE, authorize, type Handler, HttpError, sendJson } from './api-support';

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

/** One agreement or sub-item as a reference reads it (`{target, label}`), and the references to it; 404 if none. */
const target: Handler = async (context, request, response, url, [room, id]) => {
  await authorize(context, request, url, room!, ANY_ROLE);
  const doc = (await context.hub.readReport(room!)).doc;
  const label = referenceTextsOf(doc).get(id!);
  if (label === undefined) throw new HttpError(404, `no agreement or sub-item "${id!.slice(0, 60)}" in this report`);
  sendJson(response, 200, {
    target: id,
    label,
    references: listReferences(doc).filter((reference) => reference.target === id),
  });
};

export const REFERENCE_ROUTES: { method: string; path: RegExp; handler: Handler }[] = [
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/references$/, handler: listAll },
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/references\/([^/]+)$/, handler: target },
];
