import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '../schema/yjs-shape';
import { signToken } from '../sync-server/auth/tokens';

/**
 * Remote delegates typing into agreement paragraphs spread over the first half of the report, 5
 * keystrokes a second each (in negotiation, as their delegation's proposals), each moving its caret
 * after each keystroke as a delegate's editor does: the measured editor draws 20 moving carets.
 */
export async function remoteTypists(
  port: number,
  options: { room: string; secret: string; agreements: number },
  count: number,
  proposing = false,
): Promise<{ stop(): void }> {
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  const awarenesses: Awareness[] = [];
  const spread = Math.max(1, Math.floor(options.agreements / (2 * count)));
  for (let i = 0; i < count; i++) {
    const doc = new Y.Doc();
    const room = options.room;
    const ws = new WebSocket(
      `ws://127.0.0.1:${port}/ws/${room}?schema=${SCHEMA_VERSION}&token=${signToken(options.secret, { room, role: 'delegate', delegation: `Remote ${i}`, ttlSeconds: 3600 })}`,
    );
    sockets.push(ws);
    await new Promise<void>((synced) => {
      ws.on('open', () => {
        ws.send(syncStep1(doc));
      });
      ws.on('message', (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) !== 0) return;
        const step = decoding.readVarUint(decoder);
        if (step === 0) return;
        Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), 'remote');
        if (step === 1) synced();
      });
    });
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote') return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeUpdate(encoder, update);
      ws.send(encoding.toUint8Array(encoder));
    });
    const list = doc.getXmlFragment('report').get(2) as Y.XmlElement;
    const target = ((list.get(i * spread) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const proposal = { id: `remote-${i}-${Date.now()}`, by: `Remote ${i}`, at: new Date().toISOString() };
    const awareness = new Awareness(doc);
    awareness.setLocalStateField('user', { name: `Remote ${i}`, color: '#1f6feb' });
    awareness.on('update', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [doc.clientID]));
      if (ws.readyState === WebSocket.OPEN) ws.send(encoding.toUint8Array(encoder));
    });
    timers.push(
      setInterval(() => {
        if (proposing) target.insert(0, 'y', { insertion: proposal });
        else target.insert(0, 'y');
        // The caret after the letter just typed.
        const caret = Y.createRelativePositionFromTypeIndex(target, 1);
        awareness.setLocalStateField('cursor', { anchor: caret, head: caret });
      }, 200),
    );
    awarenesses.push(awareness);
  }
  return {
    stop: () => {
      for (const timer of timers) clearInterval(timer);
      for (const awareness of awarenesses) awareness.destroy();
      for (const socket of sockets) socket.close();
    },
  };
}

export function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}
