import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importText, reportToYDoc } from '../schema/index';
import { appendParagraph, connectSynced, destroyAllClients } from './helpers/clients';
import { eventually } from './helpers/eventually';
import { startTestServer, type TestServer } from './helpers/test-server';

/** Exports run off the event loop, are made once for many askers, and a few at a time per link (hardening 8). */

let s: TestServer | undefined;
afterEach(async () => {
  destroyAllClients();
  await s?.stop();
  s = undefined;
});

const large = Array.from(
  { length: 600 },
  (_, i) => `${i + 1}. The Committee agreed to item ${i + 1}, ${'with several considered words '.repeat(6)}`,
).join('\n');

async function withLargeReport(): Promise<TestServer> {
  s = await startTestServer();
  await s.storage.append('big', [Y.encodeStateAsUpdate(reportToYDoc(importText(large).report))]);
  await s.storage.append('live', [Y.encodeStateAsUpdate(reportToYDoc(importText('1. Open.').report))]);
  return s;
}

const exportOf = (server: TestServer, room: string, format: string, token = server.token(room, 'observer')) =>
  fetch(`${server.url}/api/rooms/${room}/export?format=${format}&token=${token}`);

describe('exports', () => {
  it('forty identical PDF requests at once are answered with one PDF, written once', async () => {
    const server = await withLargeReport();
    const token = server.token('big', 'observer');
    const answers = await Promise.all(Array.from({ length: 40 }, () => exportOf(server, 'big', 'pdf', token)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(200));
    const bodies = await Promise.all(answers.map(async (answer) => Buffer.from(await answer.arrayBuffer())));
    for (const body of bodies) expect(body.equals(bodies[0]!)).toBe(true);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { exports: { written: number } };
    expect(health.exports.written).toBe(1);
  });

  it('one link asking for many different exports at once gets 429 beyond two; another link is not held up', async () => {
    const server = await withLargeReport();
    const token = server.token('big', 'observer');
    const formats = ['pdf', 'docx', 'akn', 'html', 'md'];
    const statuses = await Promise.all(
      formats.map(async (format) => (await exportOf(server, 'big', format, token)).status),
    );
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(2);
    expect(statuses).toContain(429);
    expect((await exportOf(server, 'big', 'txt', server.token('big', 'observer'))).status).toBe(200);
  });

  it('while a large PDF is being written, live editing in another room goes on', async () => {
    const server = await withLargeReport();
    const typist = await connectSynced(server.wsUrl, 'live', server.token('live', 'delegate', 'Peru'));
    const reader = await connectSynced(server.wsUrl, 'live', server.token('live', 'observer'));
    let pdfDone = false;
    const pdf = exportOf(server, 'big', 'pdf').then((answer) => {
      pdfDone = true;
      return answer;
    });
    // The export has started (its request is in); an edit now reaches the other delegate before it ends.
    appendParagraph(typist.doc, 'during the export');
    await eventually(() => expect(reader.text()).toContain('during the export'));
    expect(pdfDone).toBe(false);
    expect((await pdf).status).toBe(200);
  });
});
