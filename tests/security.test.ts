import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { exportText, importText, REPORT_FIELD, reportToYDoc, yDocToReport } from '../schema/index';
import { SCHEMA_VERSION } from '../schema/yjs-shape';
import { versionReport } from '../sync-server/versions';
import { connectClient, connectSynced, destroyAllClients } from './helpers/clients';
import { eventually, waitFor } from './helpers/eventually';
import {
  agreementAt,
  agreementTextAt,
  changesSince,
  deeplyNestedUpdate,
  deleteOnlyUpdate,
  forgeDoc,
  serverClientId,
} from './helpers/hostile';
import { permissionDenials, rawConnect, syncStep1Message, syncUpdateMessage } from './helpers/raw-client';
import { recordingLogger, seedRoom, startTestServer, type TestServer } from './helpers/test-server';

const REPORT = [
  'The meeting agreed:',
  '',
  '1. Open the meeting.',
  '2. Adopt the agenda.',
  '3. Close the meeting.',
].join('\n');

let s: TestServer | undefined;
afterEach(async () => {
  destroyAllClients();
  await s?.stop();
  s = undefined;
});

async function plenary(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  s = await startTestServer(options);
  await seedRoom(s.storage, 'plenary', REPORT);
  return s;
}

function api(path: string, token: string, init: { method?: string; body?: unknown } = {}) {
  return fetch(`${s!.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function markAgreed(doc: Y.Doc, n: number): Promise<void> {
  const id = agreementAt(doc, n).getAttribute('id') as string;
  const response = await api(`/api/rooms/plenary/agreements/${id}/status`, s!.token('plenary', 'secretariat'), {
    method: 'POST',
    body: { status: 'agreed' },
  });
  expect(response.status).toBe(200);
  await eventually(() => expect(agreementAt(doc, n).getAttribute('status')).toBe('agreed'));
}

async function exported(): Promise<string> {
  return (await api('/api/rooms/plenary/export?format=txt', s!.token('plenary', 'observer'))).text();
}

/** The room's document on the server has nothing pending, now and in what it stores. */
async function expectNothingPending(): Promise<void> {
  await s!.hub.withRoom('plenary', async (room) => {
    expect(room.doc.store.pendingStructs).toBeNull();
    expect(room.doc.store.pendingDs).toBeNull();
    await room.whenPersisted();
  });
}

describe('updates that would leave something pending are refused (critical 1)', () => {
  it('a delete range on the server’s next clocks is refused and logged; agreed text, status and versions stay whole', async () => {
    const log = recordingLogger();
    await plenary({ log });
    const secretariat = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'secretariat'));
    await markAgreed(secretariat.doc, 2);
    const attacker = await rawConnect(`${s!.wsUrl}/plenary?token=${s!.token('plenary', 'delegate', 'Mallory')}`);
    await eventually(() => expect(attacker.messages.length).toBeGreaterThan(0));
    const target = serverClientId(secretariat);
    const clock = await s!.hub.withRoom('plenary', (room) => Y.getState(room.doc.store, target));
    attacker.send(syncUpdateMessage(deleteOnlyUpdate(target, clock, 1_000_000)));
    attacker.send(
      syncUpdateMessage(
        deleteOnlyUpdate(
          secretariat.doc.clientID,
          Y.getState(secretariat.doc.store, secretariat.doc.clientID),
          1_000_000,
        ),
      ),
    );
    await eventually(() => expect(permissionDenials(attacker.messages).join()).toContain('does not exist'));
    expect(log.events.some((e) => e.event === 'update.incomplete')).toBe(true);
    await expectNothingPending();

    // The server and the secretariat go on writing; nothing of theirs disappears.
    const reopen = await api(
      `/api/rooms/plenary/agreements/${agreementAt(secretariat.doc, 3).getAttribute('id')}/status`,
      s!.token('plenary', 'secretariat'),
      { method: 'POST', body: { status: 'agreed' } },
    );
    expect(reopen.status).toBe(200);
    agreementTextAt(secretariat.doc, 1).insert(0, 'Formally ');
    await eventually(async () => expect(await exported()).toContain('1. Formally Open the meeting.'));
    const text = await exported();
    expect(text).toContain('2. Adopt the agenda.');
    expect(text).toContain('3. Close the meeting.');
    const version = await api('/api/rooms/plenary/versions', s!.token('plenary', 'secretariat'), {
      method: 'POST',
      body: { name: 'after the attack' },
    });
    expect(version.status).toBe(201);
    const [record] = await s!.hub.records.versions('plenary');
    const replay = new Y.Doc();
    Y.applyUpdate(replay, Buffer.from(record!.snapshot, 'base64'));
    expect(replay.store.pendingDs).toBeNull();
    expect(replay.store.pendingStructs).toBeNull();
    expect(exportText(versionReport(record!))).toContain('2. Adopt the agenda.');
    await s!.hub.withRoom('plenary', (room) => {
      expect(agreementAt(room.doc, 2).getAttribute('status')).toBe('agreed');
    });
  });

  it('an item anchored on the secretariat’s next clock is never applied, so it cannot land in agreed text later', async () => {
    await plenary();
    const secretariat = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'secretariat'));
    const delegate = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Mallory'));
    await markAgreed(delegate.doc, 2);
    // The forger imagines the secretariat's next keystroke in agreement 2, then anchors text on it.
    const imagined = forgeDoc(delegate.doc, secretariat.doc.clientID);
    agreementTextAt(imagined, 2).insert(agreementTextAt(imagined, 2).length, '!');
    const forged = forgeDoc(imagined, delegate.doc.clientID);
    const before = Y.encodeStateVector(forged);
    agreementTextAt(forged, 2).insert(agreementTextAt(forged, 2).length, ' INJECTED');
    const own = changesSince(forged, before);
    const raw = await rawConnect(`${s!.wsUrl}/plenary?token=${s!.token('plenary', 'delegate', 'Mallory')}`);
    await eventually(() => expect(raw.messages.length).toBeGreaterThan(0));
    raw.send(syncUpdateMessage(own));
    await eventually(() => expect(permissionDenials(raw.messages).join()).toContain('does not have'));
    // The secretariat then types in agreement 2, at exactly that clock.
    agreementTextAt(secretariat.doc, 2).insert(agreementTextAt(secretariat.doc, 2).length, '!');
    await eventually(async () => expect(await exported()).toContain('2. Adopt the agenda.!'));
    expect(await exported()).not.toContain('INJECTED');
    await expectNothingPending();
  });

  it('items under another participant’s or the server’s client id close the connection and change nothing', async () => {
    const log = recordingLogger();
    await plenary({ log });
    const mexico = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Mexico'));
    agreementTextAt(mexico.doc, 1).insert(0, 'Mexico: ');
    await eventually(async () => expect(await exported()).toContain('Mexico: Open'));
    for (const victim of [mexico.doc.clientID, serverClientId(mexico)]) {
      const forged = forgeDoc(mexico.doc, victim);
      const before = Y.encodeStateVector(forged);
      agreementTextAt(forged, 3).insert(0, 'FORGED ');
      const raw = await rawConnect(`${s!.wsUrl}/plenary?token=${s!.token('plenary', 'delegate', 'Mallory')}`);
      raw.send(syncUpdateMessage(changesSince(forged, before)));
      const closed = await raw.closed;
      expect(closed.code).toBe(4400);
      expect(closed.reason).toContain('belongs to another participant or the server');
    }
    agreementTextAt(mexico.doc, 3).insert(0, 'Then ');
    await eventually(async () => expect(await exported()).toContain('3. Then Close the meeting.'));
    expect(await exported()).not.toContain('FORGED');
    expect(log.events.filter((e) => e.event === 'update.forbidden')).toHaveLength(2);
  });

  it('a client id read from presence before its owner has typed cannot be taken first', async () => {
    await plenary();
    const canada = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Canada'));
    const watcher = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'observer'));
    // As the editor does on connecting: its caret, under its document's client id.
    canada.provider.awareness.setLocalStateField('cursor', null);
    await eventually(() => expect(watcher.provider.awareness.getStates().has(canada.doc.clientID)).toBe(true));
    // Canada has not typed yet: Mallory writes under the id it saw in presence.
    const forged = forgeDoc(canada.doc, canada.doc.clientID);
    const before = Y.encodeStateVector(forged);
    agreementTextAt(forged, 3).insert(0, 'SQUATTED ');
    const raw = await rawConnect(`${s!.wsUrl}/plenary?token=${s!.token('plenary', 'delegate', 'Mallory')}`);
    raw.send(syncUpdateMessage(changesSince(forged, before)));
    expect((await raw.closed).code).toBe(4400);
    agreementTextAt(canada.doc, 1).insert(0, 'Canada first ');
    await eventually(async () => expect(await exported()).toContain('1. Canada first Open'));
    expect(await exported()).not.toContain('SQUATTED');
  });

  it('a delegation’s own client id stays its own across reconnections: offline work under it is accepted', async () => {
    await plenary();
    const doc = new Y.Doc();
    const first = connectClient(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Canada'), doc);
    await eventually(() => expect(first.provider.synced).toBe(true));
    agreementTextAt(doc, 1).insert(0, 'Online ');
    await eventually(async () => expect(await exported()).toContain('Online Open'));
    first.provider.disconnect();
    agreementTextAt(doc, 1).insert(0, 'Offline ');
    // Same delegation, a new link and a new connection: the server restarts in between.
    await s!.close();
    const storage = s!.storage;
    s = await startTestServer({ storage, dataDir: s!.dataDir });
    const again = connectClient(s.wsUrl, 'plenary', s.token('plenary', 'delegate', 'Canada'), doc);
    await eventually(() => expect(again.provider.synced).toBe(true));
    await eventually(async () => expect(await exported()).toContain('1. Offline Online Open the meeting.'));
  });

  it('pending structs and deletions a malformed frame left in a stored room are dropped when it loads', async () => {
    const log = recordingLogger();
    await plenary({ log });
    const stored = await s!.storage.load('plenary');
    const seeded = new Y.Doc();
    for (const update of stored.updates) Y.applyUpdate(seeded, update);
    const clock = Y.getState(seeded.store, [...seeded.store.clients.keys()][0]!);
    await s!.storage.append('plenary', [deleteOnlyUpdate([...seeded.store.clients.keys()][0]!, clock, 1000)]);
    await expectNothingPending();
    expect(log.events.some((e) => e.event === 'room.load.pending-dropped')).toBe(true);
    // The clean state is what is stored now: a new room load finds nothing to drop.
    await eventually(async () => {
      const again = await s!.storage.load('plenary');
      const replay = new Y.Doc();
      for (const update of again.snapshot ? [again.snapshot, ...again.updates] : again.updates)
        Y.applyUpdate(replay, update);
      expect(replay.store.pendingDs).toBeNull();
    });
    expect(await exported()).toContain('2. Adopt the agenda.');
  });
});

describe('a token acts on its own room only (high 2)', () => {
  it('the secretariat of one room cannot rewrite another room’s meeting, nor get its links', async () => {
    await plenary();
    const own = s!.token('plenary', 'secretariat');
    const first = await api('/api/meetings', own, {
      method: 'POST',
      body: { title: 'Budget', date: '2026-12-03', delegations: ['Peru'], room: 'budget' },
    });
    expect(first.status).toBe(201);
    const budget = (await first.json()) as { invitations: { role: string; path: string }[] };
    const budgetSecretariat = budget.invitations[0]!.path.split('#token=')[1]!;
    // Another room's secretariat tries to take it over.
    const other = s!.token('elsewhere', 'secretariat');
    const takeover = await api('/api/meetings', other, {
      method: 'POST',
      body: { title: 'Mine now', delegations: ['Mallory'], room: 'budget' },
    });
    expect(takeover.status).toBe(403);
    expect((await takeover.json()).error).toContain('exists');
    const state = await api('/api/rooms/budget/state', budgetSecretariat);
    expect((await state.json()).meeting).toMatchObject({ title: 'Budget', delegations: ['Peru'] });
    // A meeting whose generated name is taken gets a free one instead of overwriting.
    const twin = await api('/api/meetings', other, {
      method: 'POST',
      body: { title: 'Budget', date: '2026-12-03', delegations: ['Chile'] },
    });
    const firstAuto = (await twin.json()) as { room: string };
    const twin2 = await api('/api/meetings', other, {
      method: 'POST',
      body: { title: 'Budget', date: '2026-12-03', delegations: ['Chile'] },
    });
    expect(((await twin2.json()) as { room: string }).room).toBe(`${firstAuto.room}-2`);
    // Its own room's meeting a secretariat may still edit.
    const mine = await api('/api/meetings', budgetSecretariat, {
      method: 'POST',
      body: { title: 'Budget (revised)', delegations: ['Peru', 'Chile'], room: 'budget' },
    });
    expect(mine.status).toBe(201);
  });
});

describe('presence cannot fake what only the server says (high 3)', () => {
  it('an `accord` field in a delegate’s presence is stripped before anyone receives it', async () => {
    await plenary();
    const canada = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Canada'));
    const mallory = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Mallory'));
    mallory.provider.awareness.setLocalStateField('accord', {
      approval: { versionId: 'x', at: '2020-01-01T00:00:00Z', by: 'Mallory' },
    });
    mallory.provider.awareness.setLocalStateField('cursor', null);
    await eventually(() => {
      const seen = canada.provider.awareness.getStates().get(mallory.doc.clientID);
      expect(seen?.user?.delegation).toBe('Mallory');
      expect(seen && 'accord' in seen).toBe(false);
    });
    const withAccord = [...canada.provider.awareness.getStates().values()].filter((state) => 'accord' in state);
    expect(withAccord).toHaveLength(1);
    expect(withAccord[0]!.accord.approval).toBeNull();
  });
});

describe('nesting and size (high 4)', () => {
  it('one update with 20,000 nested elements closes that connection; exports and other editors are untouched', async () => {
    await plenary();
    const canada = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Canada'));
    const raw = await rawConnect(`${s!.wsUrl}/plenary?token=${s!.token('plenary', 'delegate', 'Mallory')}`);
    raw.send(syncUpdateMessage(deeplyNestedUpdate(canada.doc, 777_777, 20_000)));
    const closed = await raw.closed;
    expect(closed).toMatchObject({ code: 4400 });
    expect(closed.reason).toContain('deeper than');
    for (const format of ['txt', 'json', 'html']) {
      const response = await api(`/api/rooms/plenary/export?format=${format}`, s!.token('plenary', 'observer'));
      expect(response.status).toBe(200);
    }
    expect(await exported()).toContain('3. Close the meeting.');
    expect(canada.text()).toContain('3. Close the meeting.');
  });
});

describe('back-pressure (high 5)', () => {
  it('sync step 1s count against the message rate: two hundred at once close the connection with 4429', async () => {
    await plenary();
    const raw = await rawConnect(`${s!.wsUrl}/plenary?token=${s!.token('plenary', 'observer')}`);
    const empty = new Y.Doc();
    for (let i = 0; i < 201; i++) raw.send(syncStep1Message(empty));
    expect((await raw.closed).code).toBe(4429);
  });

  it('a client that asks for the document a thousand times and does not read is answered with one copy of the document at a time', async () => {
    // The rate limit is lifted here, to see what the answers alone cost.
    await plenary({ hub: { limits: { messagesPerSecond: 1_000_000, messageBurst: 1_000_000 } as never } });
    // A large report (~0.5 MB), so that unanswered copies would add up.
    const big = reportToYDoc(
      importText(Array.from({ length: 2000 }, (_, i) => `${i + 1}. Agreement ${'text '.repeat(40)}`).join('\n')).report,
    );
    await s!.storage.append('big', [Y.encodeStateAsUpdate(big)]);
    // The room is in memory already (someone follows it), so the attacker is not sent it on arrival.
    await connectSynced(s!.wsUrl, 'big', s!.token('big', 'observer'));
    const raw = await rawConnect(`${s!.wsUrl}/big?token=${s!.token('big', 'observer')}`);
    await eventually(() => expect(raw.messages.length).toBeGreaterThan(0));
    const socket = (raw.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.pause();
    const empty = new Y.Doc();
    for (let i = 0; i < 201; i++) raw.send(syncStep1Message(empty));
    // Meanwhile another room's editing is not held up.
    const other = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Peru'));
    agreementTextAt(other.doc, 1).insert(0, 'Quickly ');
    await eventually(async () => expect(await exported()).toContain('Quickly'));
    const before = raw.messages.length;
    socket.resume();
    // However long it reads, what was answered is a handful of copies, not 200.
    await eventually(() => expect(raw.messages.length).toBeGreaterThan(before));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Every request is answered (an editor counts its answers), but the document went out once or
    // twice, not 200 times: the other answers hold only what is newer.
    const step2s = raw.messages.filter((message) => message[0] === 0 && message[1] === 1);
    const largest = Math.max(...step2s.map((message) => message.byteLength));
    expect(largest).toBeGreaterThan(100_000);
    const total = step2s.reduce((sum, message) => sum + message.byteLength, 0);
    expect(total).toBeLessThan(3 * largest);
  });

  it('a client whose unread output passes the limit is closed with 4429', async () => {
    await plenary({ hub: { limits: { maxBufferedBytes: 256 * 1024 } as never } });
    const raw = await rawConnect(`${s!.wsUrl}/plenary?token=${s!.token('plenary', 'observer')}`);
    await eventually(() => expect(raw.messages.length).toBeGreaterThan(0));
    (raw.ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
    const typist = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Peru'));
    const closed = waitFor<void>((resolve) => {
      const timer = setInterval(() => {
        if (s!.hub.connectionCount === 1) {
          clearInterval(timer);
          resolve();
        }
        agreementTextAt(typist.doc, 1).insert(0, 'x'.repeat(20_000));
      }, 5);
    }, 20_000);
    await closed;
    expect(typist.provider.wsconnected).toBe(true);
  });
});

describe('rules a delegate slipped past (high 6)', () => {
  it('a new agreement that arrives already agreed is reverted; so is changing an agreement’s id to another’s', async () => {
    await plenary();
    const secretariat = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'secretariat'));
    const mallory = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Mallory'));
    const list = agreementAt(mallory.doc, 1).parent as Y.XmlElement;
    const agreement = new Y.XmlElement('agreement');
    agreement.setAttribute('status', 'agreed');
    agreement.setAttribute('id', 'sneaky');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Locked against everyone else.')]);
    agreement.insert(0, [paragraph]);
    list.insert(list.length, [agreement]);
    await eventually(() => expect(mallory.text()).not.toContain('Locked against everyone else.'));
    expect(secretariat.text()).not.toContain('Locked against everyone else.');

    const secondId = agreementAt(mallory.doc, 2).getAttribute('id') as string;
    agreementAt(mallory.doc, 3).setAttribute('id', secondId);
    await eventually(() => expect(agreementAt(mallory.doc, 3).getAttribute('id')).not.toBe(secondId));
    // The secretariat's "agree 2" locks agreement 2, not 3.
    await markAgreed(secretariat.doc, 2);
    expect(agreementAt(secretariat.doc, 3).getAttribute('status') ?? 'open').toBe('open');
    agreementTextAt(mallory.doc, 3).insert(0, 'Still open: ');
    await eventually(async () => expect(await exported()).toContain('3. Still open: Close'));
  });
});

describe('the rest of the list (also)', () => {
  it('an open connection is closed with 4401 when its token expires', async () => {
    await plenary();
    const raw = await rawConnect(`${s!.wsUrl}/plenary?token=${s!.token('plenary', 'delegate', 'Peru', 1)}`);
    expect(await raw.closed).toEqual({ code: 4401, reason: 'the link has expired' });
  });

  it('a client that answers no ping is closed', async () => {
    await plenary({ hub: { pingIntervalMs: 100 } });
    const ws = new WebSocket(`${s!.wsUrl}/plenary?schema=${SCHEMA_VERSION}&token=${s!.token('plenary', 'observer')}`, {
      autoPong: false,
    });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => {});
    expect(await closed).toBe(1006);
    await eventually(() => expect(s!.hub.connectionCount).toBe(0));
  });

  it('a delegation that goes silent without closing leaves everyone’s presence list within a few pings', async () => {
    await plenary({ hub: { pingIntervalMs: 200 } });
    const watcher = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'observer'));
    const canada = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Canada'));
    canada.provider.awareness.setLocalStateField('cursor', null);
    await eventually(() => expect(watcher.provider.awareness.getStates().has(canada.doc.clientID)).toBe(true));
    // The laptop lid closes: nothing is read or sent any more, and no close frame ever comes.
    (canada.provider.ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
    await eventually(() => expect(watcher.provider.awareness.getStates().has(canada.doc.clientID)).toBe(false), {
      timeout: 3000,
    });
  });

  it('one link cannot take every connection of a shared address', async () => {
    await plenary({ hub: { limits: { connectionsPerToken: 3 } as never } });
    const token = s!.token('plenary', 'delegate', 'Mallory');
    for (let i = 0; i < 3; i++) await rawConnect(`${s!.wsUrl}/plenary?token=${token}`);
    const fourth = await rawConnect(`${s!.wsUrl}/plenary?token=${token}`);
    expect((await fourth.closed).code).toBe(4429);
    const real = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Canada'));
    expect(real.provider.wsconnected).toBe(true);
  });

  it('a frame with trailing bytes is refused before its update is applied', async () => {
    await plenary();
    const canada = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Canada'));
    const forged = forgeDoc(canada.doc, 424_242);
    const before = Y.encodeStateVector(forged);
    agreementTextAt(forged, 1).insert(0, 'TRAILING ');
    const frame = syncUpdateMessage(changesSince(forged, before));
    const raw = await rawConnect(`${s!.wsUrl}/plenary?token=${s!.token('plenary', 'delegate', 'Mallory')}`);
    raw.send(new Uint8Array([...frame, 7, 7]));
    expect((await raw.closed).code).toBe(4400);
    expect(await exported()).not.toContain('TRAILING');
  });

  it('a client’s auth message is ignored, as PROTOCOL.md says', async () => {
    await plenary();
    const raw = await rawConnect(`${s!.wsUrl}/plenary?token=${s!.token('plenary', 'delegate', 'Peru')}`);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarString(encoder, 'hello');
    raw.send(encoding.toUint8Array(encoder));
    raw.send(syncStep1Message(new Y.Doc()));
    const count = raw.messages.length;
    await eventually(() => expect(raw.messages.length).toBeGreaterThan(count));
    expect(raw.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('a malformed percent-encoding in a path is a 400, not a 500', async () => {
    await plenary({ editorDir: '/nonexistent' });
    for (const path of ['/%ZZ', '/api/rooms/%ZZ/state']) {
      const response = await fetch(`${s!.url}${path}`);
      expect(response.status).toBe(400);
    }
  });

  it('presence: a state over the size limit closes the connection; ten thousand client ids are not announced', async () => {
    await plenary();
    const watcher = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'observer'));
    const raw = await rawConnect(`${s!.wsUrl}/plenary?token=${s!.token('plenary', 'delegate', 'Mallory')}`);
    const many = encoding.createEncoder();
    encoding.writeVarUint(many, 10_000);
    for (let i = 0; i < 10_000; i++) {
      encoding.writeVarUint(many, 1_000_000 + i);
      encoding.writeVarUint(many, 1);
      encoding.writeVarString(many, '{}');
    }
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, 1);
    encoding.writeVarUint8Array(frame, encoding.toUint8Array(many));
    raw.send(encoding.toUint8Array(frame));
    await eventually(() => expect(watcher.provider.awareness.getStates().size).toBeGreaterThan(2));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watcher.provider.awareness.getStates().size).toBeLessThanOrEqual(2 + 4);

    const huge = encoding.createEncoder();
    encoding.writeVarUint(huge, 1);
    encoding.writeVarUint(huge, 1_000_000);
    encoding.writeVarUint(huge, 2);
    encoding.writeVarString(huge, JSON.stringify({ blob: 'x'.repeat(4 * 1024 * 1024) }));
    const hugeFrame = encoding.createEncoder();
    encoding.writeVarUint(hugeFrame, 1);
    encoding.writeVarUint8Array(hugeFrame, encoding.toUint8Array(huge));
    raw.send(encoding.toUint8Array(hugeFrame));
    expect((await raw.closed).code).toBe(4400);
  });
});

describe('reports in memory and in exports keep what was written', () => {
  it('the report fragment the server holds converts without loss after the attacks', async () => {
    await plenary();
    const canada = await connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', 'Canada'));
    const raw = await rawConnect(`${s!.wsUrl}/plenary?token=${s!.token('plenary', 'delegate', 'Mallory')}`);
    raw.send(syncUpdateMessage(deleteOnlyUpdate(canada.doc.clientID, 0, 10)));
    await eventually(() => expect(permissionDenials(raw.messages).length).toBeGreaterThan(0));
    await s!.hub.withRoom('plenary', (room) => {
      expect(exportText(yDocToReport(room.doc))).toBe(exportText(yDocToReport(canada.doc)));
      expect(room.doc.getXmlFragment(REPORT_FIELD).length).toBeGreaterThan(0);
    });
  });
});
