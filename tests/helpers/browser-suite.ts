import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Role } from '../../sync-server/auth/roles';
import { type Delegate, EDITOR_DIST, launchChromium, openReport } from './browser';
import { seedRoom, startTestServer, type TestServer } from './test-server';

/**
 * What a browser test suite shares, set up by hooks registered where it is called (inside
 * `describe`): one Chromium and one server serving the built editor for the suite, a browser
 * context per delegation that joined, closed after each test.
 */
export function browserSuite(options: { report: string; demo?: boolean }) {
  let browser: Browser;
  let server: TestServer;
  let open: Delegate[] = [];
  let rooms = 0;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startTestServer({ editorDir: EDITOR_DIST, demo: options.demo ?? false });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    await Promise.all(open.map((delegate) => delegate.context.close()));
    open = [];
  });

  return {
    get server(): TestServer {
      return server;
    },
    /** A new room holding `text` (the suite's report unless given). */
    async room(text = options.report): Promise<string> {
      const name = `room${++rooms}`;
      await seedRoom(server.storage, name, text);
      return name;
    },
    /** A delegation (or the secretariat, or an observer) with the room open in its own context. */
    async join(name: string, role: Role, delegation?: string): Promise<Delegate> {
      const delegate = await openReport(browser, server, name, role, delegation);
      open.push(delegate);
      return delegate;
    },
    /** A page in a fresh context of its own, closed after the test: a visitor with no link yet. */
    async page(): Promise<Page> {
      const context = await browser.newContext();
      const page = await context.newPage();
      open.push({ context, page });
      return page;
    },
    /** The secretariat marks the room's agreement number `n` agreed, over HTTP (as the outline's button does). */
    async agree(name: string, n: number): Promise<void> {
      const secretariat = server.token(name, 'secretariat');
      const state = (await fetch(`${server.url}/api/rooms/${name}/export?format=json&token=${secretariat}`).then(
        (response) => response.json(),
      )) as { doc: { content: { type: string; content?: { attrs: { id: string } }[] }[] } };
      const id = state.doc.content.find((block) => block.type === 'agreementList')!.content![n - 1]!.attrs.id;
      const response = await fetch(`${server.url}/api/rooms/${name}/agreements/${id}/status`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${secretariat}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: 'agreed' }),
      });
      if (response.status !== 200) throw new Error(`agreeing agreement ${n} answered ${response.status}`);
    },
    /** The room's text as the server exports it. */
    async serverText(name: string): Promise<string> {
      const token = server.token(name, 'observer');
      return (await fetch(`${server.url}/api/rooms/${name}/export?format=txt&token=${token}`)).text();
    },
  };
}
