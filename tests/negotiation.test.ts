import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportText, REPORT_FIELD, yDocToReport } from '../schema/index';
import { viewOf } from '../schema/negotiation/views';
import { type Client, connectSynced, destroyAllClients } from './helpers/clients';
import { eventually } from './helpers/eventually';
import { permissionDenials, rawConnect, syncUpdateMessage } from './helpers/raw-client';
import { roomApi } from './helpers/room-api';
import { seedRoom, startTestServer, type TestServer } from './helpers/test-server';

/**
 * Negotiation mode, enforced by the server: real y-websocket clients write what an editor (or a
 * hostile client) would write into the Y.Doc, and every other client must see exactly what the
 * server let stand.
 */
const REPORT = [
  'The meeting agreed:',
  '',
  '1. Open the meeting.',
  '2. Adopt the agenda.',
  'a. as circulated;',
  '3. Close the meeting.',
].join('\n');

let s: TestServer;
afterEach(async () => {
  destroyAllClients();
  await s?.stop();
});

const api = roomApi(() => s, 'plenary');

async function room(mode: 'drafting' | 'negotiation' = 'negotiation') {
  s = await startTestServer();
  await seedRoom(s.storage, 'plenary', REPORT);
  if (mode === 'negotiation')
    expect((await api('/api/rooms/plenary/mode', 'secretariat', { method: 'POST', body: { mode } })).status).toBe(200);
  const join = (delegation: string) => connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', delegation));
  const canada = await join('Canada');
  const mexico = await join('Mexico');
  const observer = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'observer'));
  return { canada, mexico, observer };
}

function list(doc: Y.Doc): Y.XmlElement {
  return doc
    .getXmlFragment(REPORT_FIELD)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === 'agreementList') as Y.XmlElement;
}

function textOf(doc: Y.Doc, n: number): Y.XmlText {
  return ((list(doc).get(n - 1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

const mark = (id: string, by: string) => ({ id, by, at: '2026-12-03T10:00:00.000Z' });

/**
 * What everyone must agree on: the negotiation text (proposals as CriticMarkup, `5 bis` labels), and
 * the marks in the shared document; every client's document must end identical.
 */
async function settled(clients: Client[], check: (text: string, xml: string, clean: string) => void) {
  await eventually(() => {
    for (const client of clients) {
      const report = yDocToReport(client.doc);
      check(
        exportText(report),
        client.doc.getXmlFragment(REPORT_FIELD).toString(),
        exportText(viewOf(report, 'clean')),
      );
    }
    // Identical once every change has arrived: a client can pass the check above while a revert
    // (or another change) is still on its way to another, so this waits as the check does.
    const texts = new Set(clients.map((client) => client.doc.getXmlFragment(REPORT_FIELD).toString()));
    expect(texts.size).toBe(1);
  });
}

describe('the editing mode', () => {
  it('is set by the secretariat only, shown in the state and to every client at once, and recorded', async () => {
    const { canada } = await room('drafting');
    expect(
      (await api('/api/rooms/plenary/mode', 'delegate', { method: 'POST', body: { mode: 'drafting' } })).status,
    ).toBe(403);
    expect(
      (await api('/api/rooms/plenary/mode', 'secretariat', { method: 'POST', body: { mode: 'voting' } })).status,
    ).toBe(400);
    expect((await api('/api/rooms/plenary/state', 'observer')).body.mode).toBe('drafting');
    expect(
      (await api('/api/rooms/plenary/mode', 'secretariat', { method: 'POST', body: { mode: 'negotiation' } })).body,
    ).toEqual({
      mode: 'negotiation',
    });
    expect((await api('/api/rooms/plenary/state', 'observer')).body.mode).toBe('negotiation');
    await eventually(() => {
      const modes = [...canada.provider.awareness.getStates().values()]
        .map((state) => (state as { accord?: { mode?: string } }).accord?.mode)
        .filter(Boolean);
      expect(modes).toEqual(['negotiation']);
    });
    const activity = await api('/api/rooms/plenary/activity', 'secretariat');
    expect(
      activity.body.activity.map((entry: { event: string; detail?: string }) => `${entry.event} ${entry.detail}`),
    ).toContain('mode negotiation');
  });
});

describe('in negotiation a delegate’s change must be its own proposal (the server reverts anything else)', () => {
  it('plain typing and plain deleting are reverted; the same words as a proposal stand', async () => {
    const { canada, mexico, observer } = await room();
    textOf(canada.doc, 1).insert(0, 'Plainly ');
    textOf(canada.doc, 3).delete(0, 6);
    textOf(canada.doc, 2).insert(5, ' the revised', { insertion: mark('c1', 'Canada') });
    await settled([canada, mexico, observer], (text, _xml, clean) => {
      expect(text).toContain('1. Open the meeting.');
      expect(text).toContain('3. Close the meeting.');
      expect(text).toContain('2. Adopt{++ the revised++}{>>Canada<<} the agenda.');
      expect(clean).toContain('2. Adopt the agenda.');
    });
    const proposals = (await api('/api/rooms/plenary/proposals', 'observer')).body.proposals;
    expect(proposals).toEqual([
      expect.objectContaining({ id: 'c1', by: 'Canada', kind: 'insert', label: '2', text: ' the revised' }),
    ]);
  });

  it('striking text as one’s own deletion stands; a mark in another delegation’s name is reverted, in either mode', async () => {
    const { canada, mexico, observer } = await room();
    textOf(canada.doc, 3).format(0, 6, { deletion: mark('c2', 'Canada') });
    textOf(mexico.doc, 1).insert(0, 'Forged ', { insertion: mark('m-forged', 'Canada') });
    await settled([canada, mexico, observer], (_text, xml) => {
      expect(xml).toContain('id="c2"');
      expect(xml).not.toContain('Forged');
    });
    expect(
      (await api('/api/rooms/plenary/mode', 'secretariat', { method: 'POST', body: { mode: 'drafting' } })).status,
    ).toBe(200);
    textOf(mexico.doc, 1).format(0, 4, { bracket: mark('m-forged-2', 'Canada') });
    textOf(mexico.doc, 1).insert(0, 'Drafting ');
    await settled([canada, mexico, observer], (text, xml) => {
      expect(text).toContain('1. Drafting Open the meeting.');
      expect(xml).not.toContain('m-forged-2');
    });
  });

  it('another delegation’s proposal cannot be touched: not its words, not its strike, not accepted by hand', async () => {
    const { canada, mexico, observer } = await room();
    textOf(canada.doc, 2).insert(5, ' the revised', { insertion: mark('c1', 'Canada') });
    textOf(canada.doc, 3).format(0, 5, { deletion: mark('c2', 'Canada') });
    await settled([mexico], (_text, xml) => expect(xml).toContain('id="c2"'));
    textOf(mexico.doc, 2).delete(6, 4); // inside Canada's words
    textOf(mexico.doc, 3).format(0, 5, { deletion: null }); // withdraw Canada's strike
    textOf(mexico.doc, 2).format(5, 12, { insertion: null }); // "accept" Canada's words
    await settled([canada, mexico, observer], (text, xml) => {
      expect(text).toContain('2. Adopt{++ the revised++}{>>Canada<<} the agenda.');
      expect(text).toContain('3. {--Close--}{>>Canada<<} the meeting.');
      expect(xml).toContain('id="c2"');
    });
    // Canada may change its own words and withdraw its own strike.
    textOf(canada.doc, 2).delete(9, 8); // " revised"
    textOf(canada.doc, 3).format(0, 5, { deletion: null });
    await settled([canada, mexico, observer], (text, xml) => {
      expect(text).toContain('2. Adopt{++ the++}{>>Canada<<} the agenda.');
      expect(text).toContain('3. Close the meeting.');
      expect(xml).not.toContain('id="c2"');
    });
  });

  it('formatting existing text and adding a plain agreement are reverted; a proposed agreement stands as "1 bis"', async () => {
    const { canada, mexico, observer } = await room();
    textOf(canada.doc, 1).format(0, 4, { bold: {} });
    const plain = new Y.XmlElement('agreement');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Plain new agreement.')]);
    plain.insert(0, [paragraph]);
    list(canada.doc).insert(1, [plain]);
    await settled([canada, mexico, observer], (text, xml) => {
      expect(xml).not.toContain('<bold>');
      expect(text).not.toContain('Plain new agreement');
    });
    const proposed = new Y.XmlElement('agreement');
    proposed.setAttribute('insertion', mark('c3', 'Canada') as unknown as string);
    proposed.setAttribute('id', 'proposed-1');
    const words = new Y.XmlText();
    words.insert(0, 'Thank the host country.', { insertion: mark('c3', 'Canada') });
    const body = new Y.XmlElement('paragraph');
    body.insert(0, [words]);
    proposed.insert(0, [body]);
    list(canada.doc).insert(1, [proposed]);
    await settled([canada, mexico, observer], (text, _xml, clean) => {
      expect(text).toContain(
        '1. Open the meeting.\n1 bis. {++Thank the host country.++}{>>Canada<<}\n2. Adopt the agenda.',
      );
      expect(clean).not.toContain('Thank');
    });
    // Mexico may not remove it; Canada may withdraw it.
    list(mexico.doc).delete(1, 1);
    await settled([canada, mexico, observer], (text) => expect(text).toContain('1 bis. {++Thank the host country.++}'));
    list(canada.doc).delete(1, 1);
    await settled([canada, mexico, observer], (text) => expect(text).not.toContain('bis'));
  });

  it('a raw client writing plain text is told why, and nothing reaches anyone', async () => {
    const { mexico } = await room();
    const raw = await rawConnect(`${s.wsUrl}/plenary?token=${s.token('plenary', 'delegate', 'Honduras')}`);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(mexico.doc));
    const before = Y.encodeStateVector(doc);
    textOf(doc, 1).insert(0, 'Raw ');
    raw.send(syncUpdateMessage(Y.encodeStateAsUpdate(doc, before)));
    await eventually(() => expect(permissionDenials(raw.messages)[0]).toMatch(/negotiation/));
    expect(mexico.text()).not.toContain('Raw');
    raw.ws.close();
  });

  it('two delegations proposing at the same place at once both keep their proposals, in one order everywhere', async () => {
    const { canada, mexico, observer } = await room();
    canada.provider.disconnect();
    mexico.provider.disconnect();
    textOf(canada.doc, 1).insert(4, ' formally', { insertion: mark('c4', 'Canada') });
    textOf(mexico.doc, 1).insert(4, ' solemnly', { insertion: mark('m4', 'Mexico') });
    canada.provider.connect();
    mexico.provider.connect();
    await settled([canada, mexico, observer], (text) => {
      expect(text).toContain('formally');
      expect(text).toContain('solemnly');
    });
    const proposals = (await api('/api/rooms/plenary/proposals', 'observer')).body.proposals;
    expect(proposals.map((p: { by: string }) => p.by).sort()).toEqual(['Canada', 'Mexico']);
  });
});

describe('the secretariat decides', () => {
  it('accepts one, rejects another, a delegation withdraws its own; everyone sees it; decided twice is 409', async () => {
    const { canada, mexico, observer } = await room();
    textOf(canada.doc, 2).insert(5, ' the revised', { insertion: mark('c1', 'Canada') });
    textOf(mexico.doc, 3).format(0, 6, { deletion: mark('m1', 'Mexico') });
    textOf(mexico.doc, 1).insert(0, 'Formally ', { insertion: mark('m2', 'Mexico') });
    await settled([canada, mexico, observer], (_text, xml) => {
      expect(xml).toContain('id="m1"');
      expect(xml).toContain('id="m2"');
      expect(xml).toContain('id="c1"');
    });
    expect((await api('/api/rooms/plenary/proposals/c1/accept', 'delegate', { method: 'POST' })).status).toBe(403);
    expect((await api('/api/rooms/plenary/proposals/m2/reject', 'delegate', { method: 'POST' })).status).toBe(403);
    expect((await api('/api/rooms/plenary/proposals/nope/accept', 'secretariat', { method: 'POST' })).status).toBe(404);
    expect((await api('/api/rooms/plenary/proposals/c1/accept', 'secretariat', { method: 'POST' })).status).toBe(200);
    expect((await api('/api/rooms/plenary/proposals/m1/reject', 'secretariat', { method: 'POST' })).status).toBe(200);
    expect(
      (await api('/api/rooms/plenary/proposals/m2/reject', 'delegate', { method: 'POST', delegation: 'Mexico' })).body
        .decision,
    ).toBe('withdrawn');
    await settled([canada, mexico, observer], (text, xml) => {
      expect(text).toContain('1. Open the meeting.');
      expect(text).toContain('2. Adopt the revised the agenda.');
      expect(text).toContain('3. Close the meeting.');
      expect(xml).not.toMatch(/insertion|deletion/);
    });
    const again = await api('/api/rooms/plenary/proposals/c1/accept', 'secretariat', { method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already accepted/);
    expect((await api('/api/rooms/plenary/proposals', 'observer')).body.proposals).toEqual([]);
    const events = (await api('/api/rooms/plenary/activity', 'secretariat')).body.activity.map(
      (entry: { event: string }) => entry.event,
    );
    expect(events).toEqual(expect.arrayContaining(['accept', 'reject']));
  });

  it('an accepted proposed agreement takes its number and those after it renumber; an accepted deletion of a whole item removes it', async () => {
    const { canada, mexico, observer } = await room();
    const proposed = new Y.XmlElement('agreement');
    proposed.setAttribute('insertion', mark('c5', 'Canada') as unknown as string);
    const words = new Y.XmlText();
    words.insert(0, 'Thank the host.', { insertion: mark('c5', 'Canada') });
    const body = new Y.XmlElement('paragraph');
    body.insert(0, [words]);
    proposed.insert(0, [body]);
    list(canada.doc).insert(1, [proposed]);
    textOf(mexico.doc, 3).format(0, textOf(mexico.doc, 3).length, { deletion: mark('m5', 'Mexico') });
    await settled([canada, mexico, observer], (text) => {
      expect(text).toContain('1 bis. {++Thank the host.++}{>>Canada<<}');
      expect(text).toContain('3. {--Close the meeting.--}{>>Mexico<<}');
    });
    await api('/api/rooms/plenary/proposals/c5/accept', 'secretariat', { method: 'POST' });
    await api('/api/rooms/plenary/proposals/m5/accept', 'secretariat', { method: 'POST' });
    await settled([canada, mexico, observer], (text) => {
      expect(text).toContain('1. Open the meeting.\n2. Thank the host.\n3. Adopt the agenda.\na. as circulated;\n');
      expect(text).not.toContain('Close the meeting');
    });
  });

  it('brackets: any delegate brackets, only the secretariat lifts them, and approval waits for every one', async () => {
    const { canada, mexico, observer } = await room();
    textOf(canada.doc, 3).format(0, 5, { bracket: mark('b1', 'Canada') });
    await settled([mexico], (_text, xml) => expect(xml).toContain('id="b1"'));
    textOf(mexico.doc, 3).format(0, 5, { bracket: null });
    await settled([canada, mexico, observer], (_text, xml) => expect(xml).toContain('id="b1"'));
    const brackets = (await api('/api/rooms/plenary/brackets', 'observer')).body.brackets;
    expect(brackets).toEqual([expect.objectContaining({ id: 'b1', by: 'Canada', label: '3', text: 'Close' })]);
    const refused = await api('/api/rooms/plenary/approve', 'secretariat', { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(refused.body.open).toEqual({ proposals: 0, brackets: 1 });
    expect(
      (await api('/api/rooms/plenary/brackets/b1/resolve', 'secretariat', { method: 'POST', body: {} })).status,
    ).toBe(400);
    expect(
      (await api('/api/rooms/plenary/brackets/b1/resolve', 'delegate', { method: 'POST', body: { keep: true } }))
        .status,
    ).toBe(403);
    expect(
      (await api('/api/rooms/plenary/brackets/b1/resolve', 'secretariat', { method: 'POST', body: { keep: false } }))
        .status,
    ).toBe(200);
    await settled([canada, mexico, observer], (text) => expect(text).toContain('3. the meeting.'));
    expect(
      (await api('/api/rooms/plenary/brackets/b1/resolve', 'secretariat', { method: 'POST', body: { keep: true } }))
        .status,
    ).toBe(409);
    expect((await api('/api/rooms/plenary/approve', 'secretariat', { method: 'POST' })).status).toBe(200);
  });
});
