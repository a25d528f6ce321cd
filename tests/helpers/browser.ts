import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Role } from '../../sync-server/auth/roles';
import { IN_CI, PROJECT_ROOT } from './fixtures';
import type { TestServer } from './test-server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EDITOR_DIST = join(PROJECT_ROOT, 'dist', 'editor');

/** Whether the browser tests can run here; outside CI a missing Chromium skips them with a reason. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (IN_CI) throw new Error(`${CHROMIUM} is missing, and browser tests may not skip under CI (.ci/run installs it)`);
  console.warn(
    `skipping browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Delegate {
  context: BrowserContext;
  page: Page;
}

/** A delegation's own browser context (its own storage, its own IndexedDB) with the report open and connected. */
export async function openReport(
  browser: Browser,
  server: TestServer,
  room: string,
  role: Role,
  delegation?: string,
): Promise<Delegate> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${delegation ?? role}] page error:`, error.message));
  await page.goto(`${server.url}/r/${room}#token=${server.token(room, role, delegation)}`);
  await page.waitForSelector('.report-editor');
  await page.waitForSelector('[data-connection="connected"]');
  return { context, page };
}

/** What the page shows as numbered items: `label text`, one per agreement or sub-item. */
export function shownItems(page: Page): Promise<string[]> {
  return page.$$eval('.report-editor li[data-label]', (items) =>
    items.map((item) => {
      const paragraph = item.querySelector(':scope > .item-body > p')?.cloneNode(true) as HTMLElement | undefined;
      // Other delegations' carets are drawn inside the text, with their name: not part of it.
      for (const caret of paragraph?.querySelectorAll('.collaboration-carets__caret') ?? []) caret.remove();
      return `${item.getAttribute('data-label')} ${paragraph?.textContent ?? ''}`.trim();
    }),
  );
}

/** The paragraph of the item labelled `label` (e.g. "3." or "b."), for clicking into. */
export function itemParagraph(page: Page, reference: string) {
  return page.locator(`.report-editor li[data-reference="${reference}"] > .item-body > p`).first();
}

/** Puts the caret at the end (or start) of an item's first paragraph, as a click there would. */
export async function caretIn(page: Page, reference: string, where: 'end' | 'start' = 'end'): Promise<void> {
  const paragraph = itemParagraph(page, reference);
  await paragraph.click();
  // The caret is put at the paragraph's start or end as a user's arrow keys would, then the test waits
  // until the editor's own selection is there: ProseMirror reads the DOM selection on selectionchange,
  // a task a key press can overtake on a busy machine (Chromium runs input first), and its handling of
  // the click may still write the click's position back to the page a moment later — so the caret is
  // put there again until the editor has taken it.
  await paragraph.evaluate(
    (element, atEnd) =>
      new Promise<void>((resolve, reject) => {
        type Resolved = { parentOffset: number; parent: { content: { size: number } }; start(): number };
        const editor = (
          element.closest('.report-editor') as
            | (Element & {
                editor?: {
                  state: { selection: { empty: boolean; $head: Resolved } };
                  view: { domAtPos(pos: number): { node: Node } };
                };
              })
            | null
        )?.editor;
        const place = () => {
          const range = document.createRange();
          range.selectNodeContents(element);
          range.collapse(!atEnd);
          const selection = window.getSelection()!;
          selection.removeAllRanges();
          selection.addRange(range);
        };
        place();
        if (!editor) {
          setTimeout(resolve, 30);
          return;
        }
        const started = performance.now();
        let placed = started;
        const check = () => {
          const { empty, $head } = editor.state.selection;
          const there =
            empty &&
            $head.parentOffset === (atEnd ? $head.parent.content.size : 0) &&
            element.contains(editor.view.domAtPos($head.start()).node);
          const now = performance.now();
          if (there) resolve();
          else if (now - started > 5000) reject(new Error('the editor did not take the caret'));
          else {
            if (now - placed > 100) {
              place();
              placed = now;
            }
            setTimeout(check, 5);
          }
        };
        check();
      }),
    where === 'end',
  );
}
