import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorThread } from '../schema/comments/anchor-text';
import {
  commentsMap,
  deleteMessage,
  newThreadId,
  openThread,
  readThreads,
  replyTo,
  setResolved,
} from '../schema/comments/threads';
import { REPORT_FIELD } from '../schema/index';
import { type Client, connectSynced, destroyAllClients } from './helpers/clients';
import { eventually } from './helpers/eventually';
import { roomApi } from './helpers/room-api';
import { seedRoom, startTestServer, type TestServer } from './helpers/test-server';

/**
 * Comment threads, enforced by the server as locks are: real y-websocket clients write what an editor
 * (or a hostile client) would write into the shared document, and the others see only what stood.
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

async function room() {
  s = await startTestServer();
  await seedRoom(s.storage, 'plenary', REPORT);
  const join = (role: 'delegate' | 'secretariat' | 'observer', delegation?: string) =>
    connectSynced(s.wsUrl, 'plenary', s.token('plenary', role, delegation));
  return {
    canada: await join('delegate', 'Canada'),
    mexico: await join('delegate', 'Mexico'),
    secretariat: await join('secretariat'),
    observer: await join('observer'),
  };
}

function agreement(doc: Y.Doc, n: number): Y.XmlElement {
  const list = doc
    .getXmlFragment(REPORT_FIELD)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === 'agreementList') as Y.XmlElement;
  return list.get(n - 1) as Y.XmlElement;
}

/** What an editor writes when a delegation comments on `quote` in agreement `n`. */
function comment(client: Client, n: number, quote: string, text: string, by: string): string {
  const id = newThreadId();
  client.doc.transact(() => {
    const item = agreement(client.doc, n);
    anchorThread(item, id, quote);
    openThread(client.doc, { id, by, item: item.getAttribute('id') as string, label: String(n), quote, text });
  });
  return id;
}

const threadsOf = (client: Client) => readThreads(client.doc);
const idOf = (doc: Y.Doc, n: number) => agreement(doc, n).getAttribute('id') as string;

describe('comment threads over the wire', () => {
  it('a delegation comments, another replies, the secretariat resolves: everyone sees it, the API lists it', async () => {
    const { canada, mexico, secretariat, observer } = await room();
    const id = comment(canada, 2, 'the agenda', 'Which agenda: the provisional one?', 'Canada');
    await eventually(() => expect(threadsOf(mexico).map((thread) => thread.id)).toEqual([id]));
    replyTo(mexico.doc, id, 'Mexico', 'The provisional agenda, as amended.');
    await eventually(() => expect(threadsOf(secretariat)[0]?.messages).toHaveLength(2));
    setResolved(secretariat.doc, id, 'Secretariat');
    await eventually(() => {
      for (const client of [canada, mexico, observer]) expect(threadsOf(client)[0]?.resolved?.by).toBe('Secretariat');
    });
    const listed = await api('/api/rooms/plenary/comments', 'observer');
    expect(listed.status).toBe(200);
    expect(listed.body.threads).toEqual([
      {
        id,
        itemId: idOf(canada.doc, 2),
        label: '2',
        quote: 'the agenda',
        resolved: true,
        resolvedBy: { by: 'Secretariat', at: expect.any(String) },
        detached: false,
        messages: [
          { id: expect.any(String), by: 'Canada', at: expect.any(String), text: 'Which agenda: the provisional one?' },
          { id: expect.any(String), by: 'Mexico', at: expect.any(String), text: 'The provisional agenda, as amended.' },
        ],
      },
    ]);
  });

  it('reverts a thread or reply in another delegation’s name, for the sender too', async () => {
    const { canada, mexico } = await room();
    comment(canada, 1, 'Open', 'Signed as Mexico', 'Mexico');
    const real = comment(canada, 3, 'Close', 'Fine', 'Canada');
    await eventually(() => expect(threadsOf(mexico).map((thread) => thread.id)).toEqual([real]));
    await eventually(() => expect(threadsOf(canada).map((thread) => thread.id)).toEqual([real]));
    replyTo(mexico.doc, real, 'Canada', 'Canada agrees (forged)');
    replyTo(mexico.doc, real, 'Mexico', 'Mexico agrees');
    await eventually(() =>
      expect(threadsOf(canada)[0]?.messages.map((message) => message.text)).toEqual(['Fine', 'Mexico agrees']),
    );
  });

  it('reverts a change to another’s comment: deleting it, rewording the thread, resolving it', async () => {
    const { canada, mexico, secretariat } = await room();
    const id = comment(canada, 1, 'Open', 'Too early?', 'Canada');
    await eventually(() => expect(threadsOf(mexico)).toHaveLength(1));
    const canadaMessage = threadsOf(mexico)[0]!.messages[0]!.id;
    deleteMessage(mexico.doc, id, canadaMessage);
    await eventually(() => expect(threadsOf(mexico)[0]?.messages).toHaveLength(1));
    (commentsMap(mexico.doc).get(id) as Y.Map<unknown>).set('quote', 'something else');
    setResolved(mexico.doc, id, 'Mexico');
    await eventually(() => {
      const thread = threadsOf(mexico)[0];
      expect(thread?.quote).toBe('Open');
      expect(thread?.resolved).toBeNull();
    });
    expect(threadsOf(canada)[0]?.resolved).toBeNull();
    // The opener may resolve its own thread and delete its own message (and so the thread).
    setResolved(canada.doc, id, 'Canada');
    await eventually(() => expect(threadsOf(secretariat)[0]?.resolved?.by).toBe('Canada'));
    deleteMessage(canada.doc, id, canadaMessage);
    await eventually(() => expect(threadsOf(mexico)).toHaveLength(0));
  });

  it('an observer’s comment reaches nobody', async () => {
    const { canada, observer } = await room();
    comment(observer, 1, 'Open', 'Observers may not comment', 'Observer');
    const id = comment(canada, 1, 'Open', 'But delegations may', 'Canada');
    await eventually(() => expect(threadsOf(canada).map((thread) => thread.id)).toEqual([id]));
    const listed = await api('/api/rooms/plenary/comments', 'secretariat');
    expect(listed.body.threads.map((thread: { id: string }) => thread.id)).toEqual([id]);
  });

  it('comments stay possible on an agreed agreement and an approved report, while their words stay locked', async () => {
    const { canada, mexico } = await room();
    const first = idOf(canada.doc, 1);
    expect(
      (
        await api(`/api/rooms/plenary/agreements/${first}/status`, 'secretariat', {
          method: 'POST',
          body: { status: 'agreed' },
        })
      ).status,
    ).toBe(200);
    await eventually(() => expect(agreement(canada.doc, 1).getAttribute('status')).toBe('agreed'));
    const onAgreed = comment(canada, 1, 'meeting', 'Agreed, but note the date', 'Canada');
    await eventually(() => expect(threadsOf(mexico).map((thread) => thread.id)).toEqual([onAgreed]));
    const anchored = (await api('/api/rooms/plenary/comments', 'observer')).body.threads[0];
    expect(anchored.detached).toBe(false);
    expect(anchored.label).toBe('1');

    expect((await api('/api/rooms/plenary/approve', 'secretariat', { method: 'POST' })).status).toBe(200);
    const afterApproval = comment(mexico, 3, 'Close', 'For the record: closed at 18:00', 'Mexico');
    ((agreement(mexico.doc, 2).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Changed ');
    await eventually(() => expect(threadsOf(canada).map((thread) => thread.id)).toContain(afterApproval));
    await eventually(() => expect(mexico.text()).not.toContain('Changed'));
    expect(canada.text()).not.toContain('Changed');
    const reply = await api(`/api/rooms/plenary/comments/${afterApproval}/replies`, 'delegate', {
      method: 'POST',
      body: { text: 'Noted.' },
    });
    expect(reply.status).toBe(201);
    // The approved report's exports, with comments, place them on the approved words.
    const html = (await api('/api/rooms/plenary/export?format=html&comments=1', 'observer')).body as string;
    expect(html).toContain('class="comment"');
    expect(html).toContain('For the record: closed at 18:00');
    expect(html).toContain('Approved on');
  });
});

describe('comments over HTTP', () => {
  it('opens, replies, resolves and reopens in the token’s name; 404, 413 and 400 say what is wrong', async () => {
    const { mexico } = await room();
    const opened = await api('/api/rooms/plenary/comments', 'delegate', {
      method: 'POST',
      body: { item: '2 (a)', quote: 'circulated', text: '<b>Which</b> circulation?' },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.thread.id as string;
    expect(opened.body.thread).toMatchObject({ by: 'Canada', quote: 'circulated', label: '2 (a)' });
    await eventually(() => expect(threadsOf(mexico)[0]?.messages[0]?.text).toBe('<b>Which</b> circulation?'));

    expect(
      (
        await api('/api/rooms/plenary/comments/cnosuchthread/replies', 'delegate', {
          method: 'POST',
          body: { text: 'x' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await api('/api/rooms/plenary/comments/cnosuchthread/resolve', 'secretariat', { method: 'POST' })).status,
    ).toBe(404);
    const long = await api(`/api/rooms/plenary/comments/${id}/replies`, 'delegate', {
      method: 'POST',
      body: { text: 'x'.repeat(10_001) },
    });
    expect(long.status).toBe(413);
    expect(long.body.error).toMatch(/10,000 characters/);
    expect(
      (await api(`/api/rooms/plenary/comments/${id}/replies`, 'delegate', { method: 'POST', body: { text: '   ' } }))
        .status,
    ).toBe(400);
    expect(
      (await api('/api/rooms/plenary/comments', 'delegate', { method: 'POST', body: { item: '9', text: 'x' } })).status,
    ).toBe(404);
    expect(
      (await api('/api/rooms/plenary/comments', 'observer', { method: 'POST', body: { item: '1', text: 'x' } })).status,
    ).toBe(403);
    expect(
      (await api(`/api/rooms/plenary/comments/${id}/resolve`, 'delegate', { method: 'POST', delegation: 'Mexico' }))
        .status,
    ).toBe(403);
    expect(
      (await api(`/api/rooms/plenary/comments/${id}/resolve`, 'secretariat', { method: 'POST' })).body.thread.resolved,
    ).toMatchObject({ by: 'Secretariat' });
    expect(
      (await api(`/api/rooms/plenary/comments/${id}/reopen`, 'delegate', { method: 'POST' })).body.thread.resolved,
    ).toBeNull();

    // The HTML export shows comments as text, never as markup; the default export has none.
    const html = (await api('/api/rooms/plenary/export?format=html&comments=1', 'observer')).body as string;
    expect(html).toContain('&#60;b&#62;Which&#60;/b&#62; circulation?');
    expect(html).not.toContain('<b>Which</b>');
    expect(html).toContain(`<span class="comment" data-thread="${id}">circulated</span>`);
    const plain = (await api('/api/rooms/plenary/export?format=html', 'observer')).body as string;
    expect(plain).not.toContain('circulation?');
    expect(plain).not.toContain('class="comment"');
  });

  it('refuses the 501st reply of a thread with 413', async () => {
    await room();
    const opened = await api('/api/rooms/plenary/comments', 'delegate', {
      method: 'POST',
      body: { item: '1', text: 'Start' },
    });
    const id = opened.body.thread.id as string;
    for (let i = 0; i < 500; i++) {
      const reply = await api(`/api/rooms/plenary/comments/${id}/replies`, 'secretariat', {
        method: 'POST',
        body: { text: `r${i}` },
      });
      expect(reply.status).toBe(201);
    }
    const over = await api(`/api/rooms/plenary/comments/${id}/replies`, 'delegate', {
      method: 'POST',
      body: { text: 'one more' },
    });
    expect(over.status).toBe(413);
    expect(over.body.error).toMatch(/500 replies/);
  });

  it('a Word export with comments carries them as Word comments by their delegations, threaded', async () => {
    const { canada } = await room();
    const id = comment(canada, 2, 'agenda', 'Which agenda?', 'Canada');
    await eventually(async () =>
      expect((await api('/api/rooms/plenary/comments', 'observer')).body.threads).toHaveLength(1),
    );
    await api(`/api/rooms/plenary/comments/${id}/replies`, 'delegate', {
      method: 'POST',
      delegation: 'Mexico',
      body: { text: 'The provisional one.' },
    });
    const response = await fetch(`${s.url}/api/rooms/plenary/export?format=docx&comments=1`, {
      headers: { Authorization: `Bearer ${s.token('plenary', 'observer')}` },
    });
    const parts = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const comments = strFromU8(parts['word/comments.xml']!);
    expect(comments).toContain('w:author="Canada"');
    expect(comments).toContain('w:author="Mexico"');
    expect(comments).toContain('Which agenda?');
    expect(strFromU8(parts['word/commentsExtended.xml']!)).toContain('w15:paraIdParent');
    const document = strFromU8(parts['word/document.xml']!);
    expect(document).toMatch(/<w:commentRangeStart w:id="0"\/>.*agenda.*<w:commentRangeEnd w:id="0"\/>/s);
    const without = await fetch(`${s.url}/api/rooms/plenary/export?format=docx`, {
      headers: { Authorization: `Bearer ${s.token('plenary', 'observer')}` },
    });
    expect(unzipSync(new Uint8Array(await without.arrayBuffer()))['word/comments.xml']).toBeUndefined();
  });
});

describe('threads follow their words', () => {
  it('through edits around them and renumbering, and are kept, detached, when the words are deleted', async () => {
    const { canada, mexico } = await room();
    const id = comment(canada, 2, 'agenda', 'Which agenda?', 'Canada');
    await eventually(() => expect(threadsOf(mexico)).toHaveLength(1));
    // Mexico types before the words and inserts an agreement above: the thread is now on 3.
    mexico.doc.transact(() => {
      ((agreement(mexico.doc, 2).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Consider and ');
      const list = agreement(mexico.doc, 1).parent as Y.XmlElement;
      const added = new Y.XmlElement('agreement');
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Welcome the delegations.')]);
      added.insert(0, [paragraph]);
      added.setAttribute('id', 'addedfirst01');
      list.insert(0, [added]);
    });
    await eventually(async () => {
      const [thread] = (await api('/api/rooms/plenary/comments', 'observer')).body.threads;
      expect(thread).toMatchObject({ id, label: '3', detached: false });
    });
    // Deleting the words deletes the anchor, never the thread.
    const text = (agreement(mexico.doc, 3).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.delete(0, text.length);
    await eventually(async () => {
      const [thread] = (await api('/api/rooms/plenary/comments', 'observer')).body.threads;
      expect(thread).toMatchObject({ id, detached: true, quote: 'agenda', label: '2' });
    });
    expect(threadsOf(canada)).toHaveLength(1);
  });
});
