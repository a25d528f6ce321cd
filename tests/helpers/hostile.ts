import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { REPORT_FIELD } from '../../schema/index';
import type { Client } from './clients';

/** A Yjs update (v1) with no structs, only a delete range: what a hostile client sends to plant a pending deletion. */
export function deleteOnlyUpdate(client: number, clock: number, length: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no struct groups
  encoding.writeVarUint(encoder, 1); // one client in the delete set
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarUint(encoder, length);
  return encoding.toUint8Array(encoder);
}

/** The server's own Yjs client id, as any participant sees it: the presence entry carrying `accord`. */
export function serverClientId(client: Client): number {
  for (const [id, state] of client.provider.awareness.getStates()) if ('accord' in state) return id;
  throw new Error('no server presence yet');
}

/** A copy of a client's document that writes under `clientId`: a forger's scratch document. */
export function forgeDoc(source: Y.Doc, clientId: number): Y.Doc {
  const forged = new Y.Doc();
  Y.applyUpdate(forged, Y.encodeStateAsUpdate(source));
  // Set after the state arrives: Yjs would otherwise notice its id in use and pick another.
  forged.clientID = clientId;
  return forged;
}

/** What `doc` holds beyond `before` (a state vector): the update a client would send. */
export function changesSince(doc: Y.Doc, before: Uint8Array): Uint8Array {
  return Y.encodeStateAsUpdate(doc, before);
}

/** The agreement list's `n`th agreement (1-based). */
export function agreementAt(doc: Y.Doc, n: number): Y.XmlElement {
  const list = doc
    .getXmlFragment(REPORT_FIELD)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === 'agreementList') as Y.XmlElement;
  return list.get(n - 1) as Y.XmlElement;
}

/** The text of agreement `n`'s first paragraph. */
export function agreementTextAt(doc: Y.Doc, n: number): Y.XmlText {
  return (agreementAt(doc, n).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** An update nesting `depth` paragraphs inside each other at the end of the report. */
export function deeplyNestedUpdate(source: Y.Doc, clientId: number, depth: number): Uint8Array {
  const forged = forgeDoc(source, clientId);
  const before = Y.encodeStateVector(forged);
  // Built from the outside in, each element inserted once its parent is in the document: Yjs
  // integrates that without recursion, however deep.
  forged.transact(() => {
    const fragment = forged.getXmlFragment(REPORT_FIELD);
    let parent: Y.XmlElement = new Y.XmlElement('paragraph');
    fragment.insert(fragment.length, [parent]);
    for (let i = 1; i < depth; i++) {
      const child = new Y.XmlElement('paragraph');
      parent.insert(0, [child]);
      parent = child;
    }
  });
  return changesSince(forged, before);
}
