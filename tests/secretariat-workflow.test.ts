import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { REPORT_FIELD } from '../schema/index';
import { connectClient, connectSynced, destroyAllClients, typeInFirstParagraph } from './helpers/clients';
import { eventually, waitFor } from './helpers/eventually';
import { permissionDenials, rawConnect, syncUpdateMessage } from './helpers/raw-client';
import { roomApi } from './helpers/room-api';
import { seedRoom, startTestServer, type TestServer } from './helpers/test-server';

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

async function meetingRoom(): Promise<TestServer> {
  s = await startTestServer();
  await seedRoom(s.storage, 'plenary', REPORT);
  return s;
}

const api = roomApi(() => s, 'plenary');

/** The secretariat marks agreement `id` of the plenary agreed or open again. */
function setStatus(id: string, status: 'agreed' | 'open') {
  return api(`/api/rooms/plenary/agreements/${id}/status`, 'secretariat', { method: 'POST', body: { status } });
}

/** The text node of agreement `n` (1-based) in a client's document. */
function agreementText(doc: Y.Doc, n: number): Y.XmlText {
  const list = doc
    .getXmlFragment(REPORT_FIELD)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === 'agreementList') as Y.XmlElement;
  const agreement = list.get(n - 1) as Y.XmlElement;
  return (agreement.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function idOf(doc: Y.Doc, n: number): string {
  const list = doc
    .getXmlFragment(REPORT_FIELD)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === 'agreementList') as Y.XmlElement;
  return (list.get(n - 1) as Y.XmlElement).getAttribute('id') as string;
}

describe('agreed agreements are locked for delegates, by the server', () => {
  it('a delegate’s edit inside an agreed agreement is reverted everywhere; the same delegate’s edits elsewhere land', async () => {
    await meetingRoom();
    const canada = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', 'Canada'));
    const mexico = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', 'Mexico'));
    const id = idOf(canada.doc, 2);
    expect((await setStatus(id, 'agreed')).status).toBe(200);
    await eventually(() => expect(canada.doc.getXmlFragment(REPORT_FIELD).toString()).toContain('status="agreed"'));

    agreementText(canada.doc, 2).insert(0, 'NOT AGREED ');
    agreementText(canada.doc, 3).insert(0, 'Then ');
    await eventually(() => {
      for (const client of [canada, mexico]) {
        expect(client.text()).toContain('2. Adopt the agenda.');
        expect(client.text()).not.toContain('NOT AGREED');
        expect(client.text()).toContain('3. Then Close the meeting.');
      }
    });
    const fresh = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'observer'));
    expect(fresh.text()).toBe(mexico.text());
  });

  it('a raw client cannot get a change into a locked agreement, nor delete it, nor flip its status', async () => {
    await meetingRoom();
    const watcher = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'secretariat'));
    const id = idOf(watcher.doc, 1);
    await setStatus(id, 'agreed');
    await eventually(() => expect(watcher.doc.getXmlFragment(REPORT_FIELD).toString()).toContain('status="agreed"'));
    const before = watcher.text();

    for (const attack of [
      (doc: Y.Doc) => agreementText(doc, 1).insert(5, 'HACKED '),
      (doc: Y.Doc) => (doc.getXmlFragment(REPORT_FIELD).get(1) as Y.XmlElement).delete(0, 1),
      (doc: Y.Doc) =>
        ((doc.getXmlFragment(REPORT_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlElement).setAttribute(
          'status',
          'open',
        ),
      (doc: Y.Doc) =>
        ((doc.getXmlFragment(REPORT_FIELD).get(1) as Y.XmlElement).get(1) as Y.XmlElement).setAttribute(
          'status',
          'agreed',
        ),
    ]) {
      const raw = await rawConnect(`${s.wsUrl}/plenary?token=${s.token('plenary', 'delegate', 'Mallory')}`);
      const mine = new Y.Doc();
      Y.applyUpdate(mine, Y.encodeStateAsUpdate(watcher.doc));
      const updates: Uint8Array[] = [];
      mine.on('update', (update: Uint8Array) => updates.push(update));
      attack(mine);
      raw.send(syncUpdateMessage(Y.mergeUpdates(updates)));
      await eventually(() => expect(permissionDenials(raw.messages).length).toBe(1));
      expect(permissionDenials(raw.messages)[0]).toMatch(/locked|only the secretariat/);
      raw.ws.close();
    }
    // Give any stray broadcast a chance to arrive, then compare with a fresh reader.
    const reader = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'observer'));
    expect(reader.text()).toBe(before);
    expect(watcher.text()).toBe(before);
    expect(
      reader.doc
        .getXmlFragment(REPORT_FIELD)
        .toString()
        .match(/status="agreed"/g),
    ).toHaveLength(1);
  });

  it('the secretariat may still edit an agreed agreement, and reopen it', async () => {
    await meetingRoom();
    const secretariat = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'secretariat'));
    const id = idOf(secretariat.doc, 1);
    await setStatus(id, 'agreed');
    await eventually(() =>
      expect(secretariat.doc.getXmlFragment(REPORT_FIELD).toString()).toContain('status="agreed"'),
    );
    agreementText(secretariat.doc, 1).insert(0, 'Formally ');
    const reader = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'observer'));
    await eventually(() => expect(reader.text()).toContain('1. Formally Open the meeting.'));
    expect((await setStatus(id, 'open')).body).toEqual({ id, status: 'open' });
    await eventually(() => expect(reader.doc.getXmlFragment(REPORT_FIELD).toString()).not.toContain('status="agreed"'));
  });
});

describe('approval', () => {
  it('an approved report refuses every update from every role; exports use the approved version and say so; reopening starts a new draft', async () => {
    await meetingRoom();
    const secretariat = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'secretariat'));
    const delegate = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', 'Canada'));
    const approved = await api('/api/rooms/plenary/approve', 'secretariat', { method: 'POST' });
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({
      by: 'Secretariat',
      at: expect.any(String),
      versionId: expect.any(String),
    });
    // Every client learns it from the server's presence.
    await eventually(() => {
      const states = [...delegate.provider.awareness.getStates().values()] as { accord?: { approval: unknown } }[];
      expect(states.some((state) => state.accord?.approval)).toBe(true);
    });

    for (const [role, delegation] of [
      ['secretariat', undefined],
      ['delegate', 'Canada'],
    ] as const) {
      const raw = await rawConnect(`${s.wsUrl}/plenary?token=${s.token('plenary', role, delegation)}`);
      const mine = new Y.Doc();
      Y.applyUpdate(mine, Y.encodeStateAsUpdate(secretariat.doc));
      const updates: Uint8Array[] = [];
      mine.on('update', (update: Uint8Array) => updates.push(update));
      agreementText(mine, 3).insert(0, `${role} after approval `);
      raw.send(syncUpdateMessage(Y.mergeUpdates(updates)));
      await eventually(() => expect(permissionDenials(raw.messages)[0]).toMatch(/^approved:/));
    }
    const reader = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'observer'));
    expect(reader.text()).not.toContain('after approval');

    const text = await api('/api/rooms/plenary/export?format=txt', 'observer');
    expect(text.body).toMatch(/^Approved on \d{4}-\d{2}-\d{2} by Secretariat\n\nThe meeting agreed:/);
    const html = await api('/api/rooms/plenary/export?format=html', 'delegate');
    expect(html.body, html.body.slice(-800)).toContain('Approved on');
    expect((await api('/api/rooms/plenary/versions', 'secretariat')).body.versions).toMatchObject([{ approved: true }]);
    expect((await api('/api/rooms/plenary/approve', 'secretariat', { method: 'POST' })).status).toBe(409);

    expect((await api('/api/rooms/plenary/reopen', 'secretariat', { method: 'POST' })).status).toBe(200);
    typeInFirstParagraph(delegate.doc, 'Reopened: ');
    await eventually(() => expect(reader.text()).toContain('The meeting agreed:Reopened:'));
    const activity = (await api('/api/rooms/plenary/activity', 'secretariat')).body.activity as { event: string }[];
    expect(activity.map((entry) => entry.event)).toEqual(expect.arrayContaining(['approve', 'reopen']));
  });

  it('a delegate calling a secretariat route gets 403 with a JSON error', async () => {
    await meetingRoom();
    for (const [method, path] of [
      ['POST', '/api/rooms/plenary/approve'],
      ['POST', '/api/rooms/plenary/reopen'],
      ['GET', '/api/rooms/plenary/versions'],
      ['POST', '/api/rooms/plenary/versions'],
      ['GET', '/api/rooms/plenary/activity'],
      ['GET', '/api/rooms/plenary/compare?from=current'],
      ['POST', '/api/rooms/plenary/agreements/x/status'],
    ]) {
      const result = await api(path!, 'delegate', { method });
      expect(result, `${method} ${path}`).toEqual({ status: 403, body: { error: 'only the secretariat may do this' } });
    }
  });
});

describe('versions', () => {
  it('are saved, listed, exported in any format, compared across renumbering, and restored live', async () => {
    await meetingRoom();
    const secretariat = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'secretariat'));
    const delegate = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', 'Canada'));
    const first = (
      await api('/api/rooms/plenary/versions', 'secretariat', { method: 'POST', body: { name: 'Morning draft' } })
    ).body.version;
    expect(first).toMatchObject({ name: 'Morning draft', createdBy: { role: 'secretariat' }, approved: false });

    // A new agreement at the top renumbers the others; one agreement's wording changes; one is removed.
    const list = secretariat.doc.getXmlFragment(REPORT_FIELD).get(1) as Y.XmlElement;
    const added = new Y.XmlElement('agreement');
    added.setAttribute('id', 'welcome');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Welcome the delegations.')]);
    added.insert(0, [paragraph]);
    secretariat.doc.transact(() => {
      list.insert(0, [added]);
      agreementText(secretariat.doc, 2).delete(0, 4);
      agreementText(secretariat.doc, 2).insert(0, 'Formally open');
      list.delete(3, 1);
    });
    await eventually(() => expect(delegate.text()).toContain('1. Welcome the delegations.'));

    const comparison = (await api(`/api/rooms/plenary/compare?from=${first.id}&to=current`, 'secretariat')).body;
    expect(comparison.summary).toMatchObject({ added: 1, removed: 1, changed: 1 });
    const changed = comparison.items.find((item: { change: string }) => item.change === 'changed');
    expect(changed.from.label).toBe('1.');
    expect(changed.to.label).toBe('2.');
    expect(changed.words).toEqual(
      expect.arrayContaining([
        { type: 'delete', text: 'Open' },
        { type: 'insert', text: 'Formally open' },
      ]),
    );
    const renumbered = comparison.items.find(
      (item: { from: { label: string } | null; change: string }) =>
        item.change === 'unchanged' && item.from?.label === '2.',
    );
    expect(renumbered.to.label).toBe('3.');

    for (const format of ['txt', 'md', 'html', 'json', 'docx', 'pdf', 'akn']) {
      const response = await fetch(
        `${s.url}/api/rooms/plenary/versions/${first.id}/export?format=${format}&token=${s.token('plenary', 'observer')}`,
      );
      expect(response.status, format).toBe(200);
    }
    expect((await api(`/api/rooms/plenary/versions/${first.id}/export?format=txt`, 'delegate')).body).toBe(
      `${REPORT}\n`,
    );

    expect(
      (await api(`/api/rooms/plenary/versions/${first.id}/restore`, 'secretariat', { method: 'POST' })).status,
    ).toBe(200);
    await eventually(() => expect(delegate.text()).toBe(`${REPORT}\n`));
    expect(secretariat.text()).toBe(`${REPORT}\n`);
  });
});

describe('invitations', () => {
  it('a meeting yields secretariat, delegation and observer links; a revoked link is closed live and cannot connect again', async () => {
    await meetingRoom();
    const created = await api('/api/meetings', 'secretariat', {
      method: 'POST',
      body: {
        title: 'Liaison Officer Network',
        date: '2013-06-25',
        venue: 'San José',
        delegations: ['Belize', 'Canada'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.room).toBe('liaison-officer-network-2013-06-25');
    const invitations = created.body.invitations as {
      id: string;
      role: string;
      delegation: string | null;
      path: string;
    }[];
    expect(invitations.map((i) => [i.role, i.delegation])).toEqual([
      ['secretariat', null],
      ['delegate', 'Belize'],
      ['delegate', 'Canada'],
      ['observer', null],
    ]);
    const room = created.body.room as string;
    const token = (path: string) => path.split('#token=')[1]!;
    const belize = invitations[1]!;
    const client = connectClient(s.wsUrl, room, token(belize.path));
    await eventually(() => expect(client.provider.synced).toBe(true));
    const closed = waitFor<{ code: number; reason: string }>(
      (resolve) => client.provider.on('closed', resolve),
      10_000,
      'closed',
    );
    const secretariatToken = token(invitations[0]!.path);
    const revoked = await fetch(`${s.url}/api/invitations/${belize.id}/revoke`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secretariatToken}` },
    });
    expect(await revoked.json()).toMatchObject({ id: belize.id, closedConnections: 1 });
    expect(await closed).toEqual({ code: 4403, reason: 'this invitation has been revoked' });
    const again = await rawConnect(`${s.wsUrl}/${room}?token=${token(belize.path)}`);
    expect(await again.closed).toEqual({ code: 4403, reason: 'this invitation has been revoked' });
    const exported = await fetch(`${s.url}/api/rooms/${room}/export?token=${token(belize.path)}`);
    expect(exported.status).toBe(403);
    // Other links still work.
    const canada = await connectSynced(s.wsUrl, room, token(invitations[2]!.path));
    expect(canada.provider.wsconnected).toBe(true);
    const list = await fetch(`${s.url}/api/rooms/${room}/invitations`, {
      headers: { Authorization: `Bearer ${secretariatToken}` },
    });
    expect(
      ((await list.json()).invitations as { id: string; revokedAt: string | null }[]).find((i) => i.id === belize.id)
        ?.revokedAt,
    ).not.toBeNull();
  });
});

describe('activity', () => {
  it('records who changed which agreement, from the authenticated connection, and exports CSV', async () => {
    await meetingRoom();
    const canada = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', 'Canada'));
    canada.provider.awareness.setLocalStateField('user', { name: 'Mexico' });
    const id = idOf(canada.doc, 2);
    agreementText(canada.doc, 2).insert(0, 'Unanimously ');
    const reader = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'observer'));
    await eventually(() => expect(reader.text()).toContain('Unanimously'));
    const entries = (await api('/api/rooms/plenary/activity', 'secretariat')).body.activity as {
      actor: { delegation: string; role: string };
      agreements: string[];
      event: string;
    }[];
    expect(entries).toContainEqual(
      expect.objectContaining({
        event: 'edit',
        actor: expect.objectContaining({ delegation: 'Canada', role: 'delegate' }),
        agreements: [id],
      }),
    );
    const csv = await api('/api/rooms/plenary/activity?format=csv', 'secretariat');
    expect(csv.body).toMatch(/^at,from,role,delegation,event,agreements,detail\r\n/);
    expect(csv.body).toContain(`,delegate,Canada,edit,${id},`);
  });
});
