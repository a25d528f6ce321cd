import { ANY_ROLE, authorize, type Handler, sendJson } from './api-support';

/**
 * Who wrote what: the Yjs client ids of a room and the participant each belongs to — recorded by the
 * server from the authenticated connection that first wrote under it (room.ts, `writer` records,
 * persisted and shared between instances), never from what a client says about itself. The editor
 * maps every character's Yjs item to its client id, and so to its author. The server's own writes
 * (an import, a restored version) are `server`; text written before writers were recorded is unknown.
 */
const listWriters: Handler = async (context, request, response, url, [room]) => {
  await authorize(context, request, url, room!, ANY_ROLE);
  const list = await context.hub.withRoom(room!, (live) => live.writerList());
  sendJson(response, 200, {
    writers: list.map(({ client, writer }) => {
      const colon = writer.indexOf(':');
      const role = writer.slice(0, colon);
      const name = writer.slice(colon + 1);
      return { client, role, name, color: role === 'server' ? '#6b6b6b' : context.hub.colourIn(room!, name) };
    }),
  });
};

export const AUTHORSHIP_ROUTES: { method: string; path: RegExp; handler: Handler }[] = [
  { method: 'GET', path: /^\/api\/rooms\/([^/]+)\/writers$/, handler: listWriters },
];
