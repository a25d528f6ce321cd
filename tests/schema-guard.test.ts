import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportText, REPORT_FIELD, SETTINGS_FIELD, yDocToReport } from '../schema/index';
import { SCHEMA_VERSION } from '../schema/yjs-shape';
import { connectSynced, destroyAllClients } from './helpers/clients';
import { eventually } from './helpers/eventually';
import { agreementAt, agreementTextAt } from './helpers/hostile';
import { permissionDenials, rawConnect, syncUpdateMessage } from './helpers/raw-client';
import { recordingLogger, seedRoom, startTestServer, type TestServer } from './helpers/test-server';

const REPORT = ['1. Open the meeting.', '2. Adopt the agenda as circulated.', '3. Close the meeting.'].join('\n');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'committee-mixed-styles.schema-2.yjs');

let s: TestServer | undefined;
afterEach(async () => {
  destroyAllClients();
  await s?.stop();
  s = undefined;
});

async function exported(room = 'plenary'): Promise<string> {
  const response = await fetch(`${s!.url}/api/rooms/${room}/export?format=txt&token=${s!.token(room, 'observer')}`);
  return response.text();
}

/** A report as a plain Yjs client writes it: elements and text, no ids, no status, no settings. */
function plainYjsReport(withUnknown: boolean): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(REPORT_FIELD);
  const list = new Y.XmlElement('agreementList');
  fragment.insert(0, [list]);
  for (const words of ['Open the meeting.', 'Adopt the agenda.']) {
    const agreement = new Y.XmlElement('agreement');
    const paragraph = new Y.XmlElement('paragraph');
    list.insert(list.length, [agreement]);
    agreement.insert(0, [paragraph]);
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    text.insert(0, words);
  }
  if (withUnknown) {
    const second = ((list.get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    second.insert(0, 'Fancy words ', { fancy: { x: 1 } });
    (list.get(0) as Y.XmlElement).setAttribute('colour', 'red');
    const unknown = new Y.XmlElement('callout');
    fragment.insert(fragment.length, [unknown]);
    const inside = new Y.XmlText();
    unknown.insert(0, [inside]);
    inside.insert(0, 'A callout nobody defined.');
  }
  return Y.encodeStateAsUpdate(doc);
}

describe('the server refuses what the schema does not know (hardening 2)', () => {
  it('a mark the schema does not define is reverted for everyone, the sender is told why, and agreement 2 keeps its text', async () => {
    s = await startTestServer();
    await seedRoom(s.storage, 'plenary', REPORT);
    const secretariat = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'secretariat'));
    const raw = await rawConnect(`${s.wsUrl}/plenary?token=${s.token('plenary', 'delegate', 'Canada')}`);
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(secretariat.doc));
    const before = Y.encodeStateVector(forged);
    agreementTextAt(forged, 2).insert(5, 'shiny ', { fancy: { x: 1 } });
    raw.send(syncUpdateMessage(Y.encodeStateAsUpdate(forged, before)));
    await eventually(() => expect(permissionDenials(raw.messages).join()).toContain('"fancy" is not a mark'));
    // The secretariat types elsewhere: agreement 2 is never deleted for anyone.
    agreementTextAt(secretariat.doc, 3).insert(0, 'Then ');
    await eventually(async () => expect(await exported()).toContain('3. Then Close the meeting.'));
    expect(await exported()).toContain('2. Adopt the agenda as circulated.');
    expect(secretariat.text()).toContain('2. Adopt the agenda as circulated.');
    expect(secretariat.text()).not.toContain('shiny');
  });

  it('the schema guard applies to the secretariat too: unknown elements, attributes and settings are reverted', async () => {
    s = await startTestServer();
    await seedRoom(s.storage, 'plenary', REPORT);
    const secretariat = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'secretariat'));
    const denied: string[] = [];
    // The editor's own way of hearing refusals: y-protocols' permission-denied messages.
    secretariat.provider.messageHandlers[2] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) === 0) denied.push(decoding.readVarString(decoder));
    };
    const list = agreementAt(secretariat.doc, 1).parent as Y.XmlElement;
    list.insert(0, [new Y.XmlElement('table')]);
    await eventually(() => expect(denied.join()).toContain('table inside agreementList'));
    agreementAt(secretariat.doc, 1).setAttribute('onclick', 'x');
    await eventually(() => expect(denied.join()).toContain('"onclick" is not an attribute of agreement'));
    secretariat.doc.getMap(SETTINGS_FIELD).set('theme', 'dark');
    await eventually(() => expect(denied.join()).toContain('"theme" is not a report setting'));
    await eventually(() => {
      expect(agreementAt(secretariat.doc, 1).getAttribute('onclick')).toBeUndefined();
      expect(secretariat.doc.getMap(SETTINGS_FIELD).get('theme')).toBeUndefined();
      expect(secretariat.text()).toContain('1. Open the meeting.');
      expect(secretariat.doc.getXmlFragment(REPORT_FIELD).toString()).not.toContain('<table');
    });
    expect(await exported()).toContain('1. Open the meeting.');
  });

  it('a client that does not speak today’s schema is told to reload (4426) before it can edit', async () => {
    s = await startTestServer();
    await seedRoom(s.storage, 'plenary', REPORT);
    const token = s.token('plenary', 'delegate', 'Canada');
    const old = await rawConnect(`${s.wsUrl}/plenary?schema=${SCHEMA_VERSION - 1}&token=${token}`);
    expect(await old.closed).toEqual({
      code: 4426,
      reason: `this page is out of date (schema ${SCHEMA_VERSION - 1}, server ${SCHEMA_VERSION}): reload it`,
    });
    const unsaid = await rawConnect(`${s.wsUrl}/plenary?schema=&token=${token}`);
    expect((await unsaid.closed).code).toBe(4426);
  });
});

describe('older reports open and edit (hardening 2)', () => {
  it('a report written by a plain Yjs client, unknown content included, is upgraded on load as one change, text kept', async () => {
    const log = recordingLogger();
    s = await startTestServer({ log });
    await s.storage.append('legacy', [plainYjsReport(true)]);
    const canada = await connectSynced(s.wsUrl, 'legacy', s.token('legacy', 'delegate', 'Canada'));
    const text = canada.text();
    expect(text).toContain('2. Fancy words Adopt the agenda.');
    expect(text).toContain('A callout nobody defined.');
    expect(canada.doc.getMap(SETTINGS_FIELD).get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(agreementAt(canada.doc, 1).getAttribute('colour')).toBeUndefined();
    expect(typeof agreementAt(canada.doc, 1).getAttribute('id')).toBe('string');
    expect(log.events.some((event) => event.event === 'room.upgrade')).toBe(true);
    expect(await exported('legacy')).toContain('2. Fancy words Adopt the agenda.');
  });

  it('in a report whose agreements have no status, a delegate’s editor writing the default is not refused', async () => {
    s = await startTestServer();
    await s.storage.append('legacy', [plainYjsReport(false)]);
    const raw = await rawConnect(`${s.wsUrl}/legacy?token=${s.token('legacy', 'delegate', 'Canada')}`);
    const canada = await connectSynced(s.wsUrl, 'legacy', s.token('legacy', 'delegate', 'Canada'));
    expect(agreementAt(canada.doc, 1).getAttribute('status')).toBeUndefined();
    // What the editor does on its first keystroke: write every attribute, defaults included.
    canada.doc.transact(() => {
      agreementAt(canada.doc, 1).setAttribute('status', 'open');
      agreementTextAt(canada.doc, 1).insert(0, 'Formally ');
    });
    await eventually(async () => expect(await exported('legacy')).toContain('1. Formally Open the meeting.'));
    expect(permissionDenials(raw.messages)).toEqual([]);
    expect(agreementAt(canada.doc, 1).getAttribute('status')).toBe('open');
  });

  it('the committed Yjs state of a schema-2 report keeps opening, editing and exporting', async () => {
    s = await startTestServer();
    const stored = new Uint8Array(readFileSync(FIXTURE));
    const original = new Y.Doc();
    Y.applyUpdate(original, stored);
    const expected = exportText(yDocToReport(original));
    expect(expected).toContain('1.');
    await s.storage.append('fixture', [stored]);
    const canada = await connectSynced(s.wsUrl, 'fixture', s.token('fixture', 'delegate', 'Canada'));
    expect(canada.text()).toBe(expected);
    agreementTextAt(canada.doc, 1).insert(0, 'Edited: ');
    await eventually(async () => expect(await exported('fixture')).toContain('Edited: '));
    expect((await exported('fixture')).replace('Edited: ', '')).toBe(expected);
  });
});

describe('no conversion drops text silently', () => {
  it('reading a document with unknown marks and elements keeps their words as plain text', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, plainYjsReport(true));
    const before = Y.encodeStateAsUpdate(doc);
    const text = exportText(yDocToReport(doc));
    expect(text).toContain('Fancy words Adopt the agenda.');
    expect(text).toContain('A callout nobody defined.');
    // Reading never changes the document read.
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
