import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { exportText, REPORT_FIELD, yDocToReport } from '../../schema/index';
import { SCHEMA_VERSION } from '../../schema/yjs-shape';
import { waitFor } from './eventually';

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text(): string;
  destroy(): void;
}

const live = new Set<Client>();

/** A real y-websocket client, as the editor uses it (no BroadcastChannel: it would bypass the server). */
export function connectClient(wsUrl: string, room: string, token: string, doc = new Y.Doc()): Client {
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    params: { token, schema: String(SCHEMA_VERSION) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
  });
  const client: Client = {
    doc,
    provider,
    text: () => exportText(yDocToReport(doc)),
    destroy: () => {
      live.delete(client);
      provider.destroy();
      // provider.destroy() leaves the awareness timer running (STACK.md): destroy the doc too.
      doc.destroy();
    },
  };
  live.add(client);
  return client;
}

export async function connectSynced(wsUrl: string, room: string, token: string): Promise<Client> {
  const client = connectClient(wsUrl, room, token);
  await whenSynced(client);
  return client;
}

export function whenSynced(client: Client): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return waitFor<void>(
    (resolve) => client.provider.once('sync', (synced: boolean) => synced && resolve()),
    10_000,
    'sync',
  );
}

export function destroyAllClients(): void {
  for (const client of [...live]) client.destroy();
}

/** Appends a paragraph with the given text to the report, as an editor would. */
export function appendParagraph(doc: Y.Doc, words: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(words)]);
  const fragment = doc.getXmlFragment(REPORT_FIELD);
  fragment.insert(fragment.length, [paragraph]);
}

/** Types at the end of the first paragraph (creating it), like a delegate typing. */
export function typeInFirstParagraph(doc: Y.Doc, words: string): void {
  const fragment = doc.getXmlFragment(REPORT_FIELD);
  if (fragment.length === 0) appendParagraph(doc, '');
  const paragraph = fragment.get(0) as Y.XmlElement;
  let textNode = paragraph.get(0) as Y.XmlText | undefined;
  if (!textNode) {
    textNode = new Y.XmlText('');
    paragraph.insert(0, [textNode]);
  }
  textNode.insert(textNode.length, words);
}
