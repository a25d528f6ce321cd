import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseTtl, signToken, verifyToken } from '../sync-server/auth/tokens';
import { appendParagraph, connectClient, connectSynced, destroyAllClients } from './helpers/clients';
import { eventually, waitFor } from './helpers/eventually';
import { permissionDenials, rawConnect, syncStep1Message, syncUpdateMessage } from './helpers/raw-client';
import { recordingLogger, startTestServer, TEST_SECRET, type TestServer } from './helpers/test-server';

let s: TestServer;
const log = recordingLogger();
afterEach(async () => {
  destroyAllClients();
  await s?.stop();
  log.events.length = 0;
});

describe('tokens', () => {
  it('carry room, role, delegation and expiry, signed with the secret', () => {
    const token = signToken('secret', { room: 'r1', role: 'delegate', delegation: 'Belize', ttlSeconds: 60 });
    const verified = verifyToken('secret', token);
    expect(verified).toMatchObject({ ok: true, claims: { room: 'r1', role: 'delegate', delegation: 'Belize' } });
    expect(verifyToken('another secret', token)).toEqual({ ok: false, reason: 'invalid token signature' });
    expect(verifyToken('secret', token, Date.now() + 61_000)).toEqual({ ok: false, reason: 'token expired' });
  });

  it('a payload changed after signing is refused', () => {
    const token = signToken('secret', { room: 'r1', role: 'observer', ttlSeconds: 60 });
    const [prefix, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'secretariat' })).toString('base64url');
    expect(verifyToken('secret', `${prefix}.${forged}.${signature}`).ok).toBe(false);
  });

  it.each(['', 'acc1', 'acc1..', 'x.y.z', 'acc1.e30.', 'acc1.!!!.sig'])('refuses the malformed token %j', (token) => {
    expect(verifyToken('secret', token).ok).toBe(false);
  });

  it.each([
    ['30s', 30],
    ['15m', 900],
    ['12h', 43200],
    ['7d', 604800],
  ])('ttl %s is %i seconds', (ttl, seconds) => {
    expect(parseTtl(ttl)).toBe(seconds);
  });

  it.each(['', '12', 'h', '1w', '-1h', '0s'])('refuses the ttl %j', (ttl) => {
    expect(() => parseTtl(ttl)).toThrow();
  });
});

describe('the server enforces tokens and roles', () => {
  it.each([
    ['no token', () => `${s.wsUrl}/r1`, 4401, 'missing token'],
    [
      'a forged token',
      () => `${s.wsUrl}/r1?token=${signToken('wrong', { room: 'r1', role: 'secretariat', ttlSeconds: 60 })}`,
      4401,
      'invalid token signature',
    ],
    [
      'an expired token',
      () =>
        `${s.wsUrl}/r1?token=${signToken(TEST_SECRET, { room: 'r1', role: 'secretariat', ttlSeconds: 1, now: Date.now() - 5000 })}`,
      4401,
      'token expired',
    ],
    [
      'a token for another room',
      () => `${s.wsUrl}/r1?token=${s.token('r2', 'secretariat')}`,
      4403,
      'this token is for another room',
    ],
    [
      'a bad room name',
      () => `${s.wsUrl}/bad%20name?token=${s.token('r1', 'secretariat')}`,
      4400,
      'invalid room name: 1-64 of A-Z a-z 0-9 _ -',
    ],
  ])('%s is closed with its code and reason', async (_name, url, code, reason) => {
    s = await startTestServer();
    const raw = await rawConnect(url());
    expect(await raw.closed).toEqual({ code, reason });
  });

  it('a refused y-websocket client does not reconnect in a loop', async () => {
    s = await startTestServer({ log });
    const client = connectClient(s.wsUrl, 'r1', s.token('elsewhere', 'delegate', 'Canada'));
    const closed = await waitFor<{ code: number }>((resolve) => client.provider.on('closed', resolve), 5000, 'closed');
    expect(closed.code).toBe(4403);
    // Give a retrying client ample time (its backoff here is at most 500 ms) to try again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(log.events.filter((e) => e.event === 'connection.refused')).toHaveLength(1);
  });

  it('an observer’s updates are neither applied nor broadcast; it gets permission-denied once and keeps following', async () => {
    s = await startTestServer({ log });
    const secretariat = await connectSynced(s.wsUrl, 'r1', s.token('r1', 'secretariat'));
    appendParagraph(secretariat.doc, 'Agreed text.');
    const observer = await rawConnect(`${s.wsUrl}/r1?token=${s.token('r1', 'observer')}`);
    const mine = new Y.Doc();
    appendParagraph(mine, 'Observer tries to write.');
    observer.send(syncUpdateMessage(Y.encodeStateAsUpdate(mine)));
    appendParagraph(mine, 'And again.');
    observer.send(syncUpdateMessage(Y.encodeStateAsUpdate(mine)));
    await eventually(() => expect(permissionDenials(observer.messages)).toEqual(['read-only']));

    // Still connected: a later edit by the secretariat reaches the observer.
    const before = observer.messages.length;
    appendParagraph(secretariat.doc, 'Later text.');
    await eventually(() => expect(observer.messages.length).toBeGreaterThan(before));
    expect(observer.ws.readyState).toBe(observer.ws.OPEN);

    const late = await connectSynced(s.wsUrl, 'r1', s.token('r1', 'delegate', 'Belize'));
    expect(late.text()).not.toContain('Observer tries');
    expect(late.text()).toContain('Later text.');
    expect(permissionDenials(observer.messages)).toEqual(['read-only']);
    expect(JSON.stringify(log.events)).not.toContain('acc1.');
  });

  it('an observer’s normal sync reply (its delete set) earns no permission-denied', async () => {
    s = await startTestServer();
    const secretariat = await connectSynced(s.wsUrl, 'r1', s.token('r1', 'secretariat'));
    appendParagraph(secretariat.doc, 'one');
    appendParagraph(secretariat.doc, 'two');
    secretariat.doc.getXmlFragment('report').delete(0, 1);
    const observer = await connectSynced(s.wsUrl, 'r1', s.token('r1', 'observer'));
    await eventually(() => expect(observer.text()).toBe(secretariat.text()));
    const raw = await rawConnect(`${s.wsUrl}/r1?token=${s.token('r1', 'observer')}`);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(secretariat.doc));
    raw.send(syncStep1Message(copy));
    raw.send(syncUpdateMessage(Y.encodeStateAsUpdate(copy)));
    await eventually(() => expect(raw.messages.length).toBeGreaterThanOrEqual(2));
    const ping = raw.messages.length;
    appendParagraph(secretariat.doc, 'three');
    await eventually(() => expect(raw.messages.length).toBeGreaterThan(ping));
    expect(permissionDenials(raw.messages)).toEqual([]);
  });

  it('a valid token for a room nobody used yet opens an empty report', async () => {
    s = await startTestServer();
    const client = await connectSynced(s.wsUrl, 'brand-new', s.token('brand-new', 'delegate', 'Chile'));
    expect(client.text()).toBe('\n');
  });
});
