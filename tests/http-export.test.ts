import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importText, reportToYDoc } from '../schema/index';
import { MemoryStorage } from '../sync-server/storage/memory-storage';
import { connectSynced, destroyAllClients } from './helpers/clients';
import { normalizeLayout, ownTextFixtures } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/test-server';

let s: TestServer;
afterEach(async () => {
  destroyAllClients();
  await s?.stop();
});

const source = readFileSync(ownTextFixtures().find((file) => file.includes('mixed'))!, 'utf8');

async function seeded(): Promise<TestServer> {
  const storage = new MemoryStorage();
  await storage.append('meeting', [Y.encodeStateAsUpdate(reportToYDoc(importText(source).report))]);
  return startTestServer({ storage });
}

describe('GET /api/rooms/:room/export', () => {
  it('gives the text export to any role, with Content-Type and Content-Disposition', async () => {
    s = await seeded();
    for (const role of ['secretariat', 'delegate', 'observer'] as const) {
      const response = await fetch(`${s.url}/api/rooms/meeting/export?format=txt`, {
        headers: { Authorization: `Bearer ${s.token('meeting', role, role === 'delegate' ? 'Chile' : undefined)}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="meeting.txt"');
      expect(normalizeLayout(await response.text())).toBe(normalizeLayout(source));
    }
  });

  it.each([
    ['md', 'text/markdown; charset=utf-8', '2. Take note of the progress report'],
    ['html', 'text/html; charset=utf-8', '<!doctype html>'],
    ['json', 'application/json; charset=utf-8', '"format": "accord-report"'],
  ])('gives %s', async (format, type, excerpt) => {
    s = await seeded();
    const response = await fetch(
      `${s.url}/api/rooms/meeting/export?format=${format}&token=${s.token('meeting', 'observer')}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(await response.text()).toContain(excerpt);
  });

  it('shows live edits of a loaded room', async () => {
    s = await seeded();
    const client = await connectSynced(s.wsUrl, 'meeting', s.token('meeting', 'secretariat'));
    const first = client.doc.getXmlFragment('report').get(0) as Y.XmlElement;
    (first.get(0) as Y.XmlText).insert(0, 'DRAFT ');
    const response = await fetch(
      `${s.url}/api/rooms/meeting/export?format=txt&token=${s.token('meeting', 'observer')}`,
    );
    const body = await response.text();
    expect(body.split('\n')[0]).toBe(
      'DRAFT REPORT OF THE TWELFTH MEETING OF THE TECHNICAL COMMITTEE ON LABOUR MIGRATION',
    );
    expect(body).toBe(client.text());
  });

  it.each([
    ['no token', () => '', 401, 'missing token'],
    ['a bad token', () => 'token=acc1.x.y', 401, 'invalid token signature'],
    ['a token that is not one of ours', () => 'token=eyJhbGciOiJIUzI1NiJ9.e30.x', 401, 'malformed token'],
    [
      'a token for another room',
      () => `token=${s.token('other', 'secretariat')}`,
      403,
      'this token is for another room',
    ],
  ])('refuses %s with %s and a JSON error', async (_name, query, status, error) => {
    s = await seeded();
    const response = await fetch(`${s.url}/api/rooms/meeting/export?format=txt&${query()}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ error });
  });

  it('refuses an unknown format with 400', async () => {
    s = await seeded();
    const token = s.token('meeting', 'observer');
    const response = await fetch(`${s.url}/api/rooms/meeting/export?format=rtf&token=${token}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'unknown format "rtf"' });
  });

  it.each([
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'meeting.docx', [0x50, 0x4b]],
    ['pdf', 'application/pdf', 'meeting.pdf', [0x25, 0x50, 0x44, 0x46]],
    ['akn', 'application/akn+xml; charset=utf-8', 'meeting.akn.xml', [0x3c, 0x3f, 0x78, 0x6d]],
  ])('gives %s as a file', async (format, type, filename, magic) => {
    s = await seeded();
    const response = await fetch(
      `${s.url}/api/rooms/meeting/export?format=${format}&token=${s.token('meeting', 'observer')}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${filename}"`);
    expect([...new Uint8Array(await response.arrayBuffer()).slice(0, magic.length)]).toEqual(magic);
  });

  it('serves a placeholder page at / until the editor is built, and 404 JSON for unknown API routes', async () => {
    s = await seeded();
    const home = await fetch(`${s.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('npm run build');
    const missing = await fetch(`${s.url}/api/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no such route: GET /api/nothing' });
  });
});
