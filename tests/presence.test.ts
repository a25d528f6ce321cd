import { afterEach, describe, expect, it } from 'vitest';
import { sendOwnPresenceOnly } from '../editor/report/own-presence';
import { PALETTE } from '../schema/index';
import { appendParagraph, connectSynced, destroyAllClients, whenSynced } from './helpers/clients';
import { eventually } from './helpers/eventually';
import { seedRoom, startTestServer, type TestServer } from './helpers/test-server';

let s: TestServer | undefined;
afterEach(async () => {
  destroyAllClients();
  await s?.stop();
  s = undefined;
});

/** WCAG relative luminance contrast of white text on `hex`. */
function contrastWithWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
  return 1.05 / (luminance + 0.05);
}

describe('who is who (interface 7)', () => {
  it('every caret colour carries white label text at 4.5:1 or more', () => {
    for (const colour of PALETTE) expect(contrastWithWhite(colour), colour).toBeGreaterThanOrEqual(4.5);
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
  });

  it('delegations in one room get distinct colours (Belize, El Salvador and Mexico once shared one); two windows of one name are told apart', async () => {
    s = await startTestServer();
    await seedRoom(s.storage, 'plenary', '1. Open the meeting.');
    const names = ['Belize', 'El Salvador', 'Mexico', 'Honduras', 'Panama'];
    const clients = await Promise.all(
      names.map((name) => connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', name))),
    );
    const first = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'secretariat'));
    const second = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'secretariat'));
    const witness = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'observer'));
    for (const client of [...clients, first, second]) client.provider.awareness.setLocalStateField('cursor', null);
    await eventually(() => {
      // What a participant sees of the others (its own local state carries no server-given user).
      const users = [...witness.provider.awareness.getStates().values()]
        .map((state) => state.user as { name: string; color: string } | undefined)
        .filter((user) => user !== undefined);
      expect(users).toHaveLength(7);
      const delegations = users.filter((user) => names.includes(user.name));
      expect(new Set(delegations.map((user) => user.color)).size).toBe(names.length);
      expect(users.map((user) => user.name).sort()).toEqual([...names, 'Secretariat', 'Secretariat 2'].sort());
    });
  });
});

describe('presence echoes', () => {
  it('a delegate who only watches is not throttled for the carets of others its y-websocket client sends back', async () => {
    // y-websocket's provider re-sends every presence change it hears, its own or not: in a busy room a
    // silent participant's connection must not be charged into the presence limit by the others' carets.
    s = await startTestServer();
    await seedRoom(s.storage, 'plenary', '1. Open the meeting.');
    const watcher = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', 'Belize'));
    const closes: number[] = [];
    watcher.provider.on('connection-close', (event: { code: number } | null) => closes.push(event?.code ?? 0));
    const movers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', `D${i}`)),
      ),
    );
    let moves = 0;
    const timer = setInterval(() => {
      for (const mover of movers) mover.provider.awareness.setLocalStateField('cursor', { at: ++moves });
    }, 40);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    clearInterval(timer);
    // The watcher heard the moves (so its client had them to echo) and was never closed.
    const seen = [...watcher.provider.awareness.getStates().values()].filter((state) => state.cursor).length;
    expect(seen).toBe(12);
    expect(moves).toBeGreaterThan(400);
    expect(closes).toEqual([]);
    expect(watcher.provider.wsconnected).toBe(true);
  });
});

describe('a reconnecting participant keeps its presence', () => {
  it("others' clients echoing its departure do not take its client id: after a network drop its caret and its typing come back", async () => {
    s = await startTestServer();
    await seedRoom(s.storage, 'plenary', '1. Open the meeting.');
    const watchers = await Promise.all(
      ['Belize', 'Canada', 'Panama'].map((name) =>
        connectSynced(s!.wsUrl, 'plenary', s!.token('plenary', 'delegate', name)),
      ),
    );
    const mexico = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', 'Mexico'));
    const id = mexico.doc.clientID;
    mexico.provider.awareness.setLocalStateField('cursor', { at: 1 });
    const sees = (state: 'present' | 'gone') =>
      eventually(() => {
        for (const watcher of watchers)
          expect(watcher.provider.awareness.getStates().has(id) ? 'present' : 'gone').toBe(state);
      });
    await sees('present');
    // The connection drops (the server removes its presence, every other client hears it and, being
    // y-websocket, sends the removal back), then comes back with the same document.
    mexico.provider.disconnect();
    await sees('gone');
    await new Promise((resolve) => setTimeout(resolve, 300));
    mexico.provider.connect();
    await whenSynced(mexico);
    mexico.provider.awareness.setLocalStateField('cursor', { at: 2 });
    await sees('present');
    // And its first words after the drop are accepted.
    appendParagraph(mexico.doc, 'Mexico is back.');
    await eventually(() => {
      for (const watcher of watchers) expect(watcher.text()).toContain('Mexico is back.');
    });
  });
});

describe("the editor's provider sends only its own presence", () => {
  it("a plain y-websocket client echoes the others' caret moves; the editor's sends none of them, and its own still reaches everyone", async () => {
    s = await startTestServer();
    await seedRoom(s.storage, 'plenary', '1. Open the meeting.');
    const plain = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', 'Belize'));
    const editor = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', 'Canada'));
    sendOwnPresenceOnly(editor.provider);
    const presenceSent = (client: typeof plain) => {
      const sent = { count: 0 };
      const ws = client.provider.ws!;
      const send = ws.send.bind(ws);
      ws.send = (data: Parameters<typeof send>[0]) => {
        // y-websocket's presence messages start with 1.
        if (data instanceof Uint8Array && data[0] === 1) sent.count += 1;
        send(data);
      };
      return sent;
    };
    const fromPlain = presenceSent(plain);
    const fromEditor = presenceSent(editor);
    const mover = await connectSynced(s.wsUrl, 'plenary', s.token('plenary', 'delegate', 'Mexico'));
    for (let at = 1; at <= 20; at++) {
      mover.provider.awareness.setLocalStateField('cursor', { at });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await eventually(() => {
      for (const watcher of [plain, editor])
        expect(watcher.provider.awareness.getStates().get(mover.doc.clientID)?.cursor).toEqual({ at: 20 });
    });
    expect(fromPlain.count).toBeGreaterThan(5);
    expect(fromEditor.count).toBe(0);
    // Its own caret moves are sent after the frame that shows them, once however often it moved.
    editor.provider.awareness.setLocalStateField('cursor', { at: 98 });
    editor.provider.awareness.setLocalStateField('cursor', { at: 99 });
    await eventually(() => expect(fromEditor.count).toBe(1));
    await eventually(() =>
      expect(mover.provider.awareness.getStates().get(editor.doc.clientID)?.cursor).toEqual({ at: 99 }),
    );
  });
});
