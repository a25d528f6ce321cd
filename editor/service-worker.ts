import { whenIdle } from './when-idle';

/**
 * The service worker that keeps the application for a reload without network (vite-plugin-pwa
 * builds it, vite.config.ts) is registered once the page has opened, not at the `load` event.
 * Installing it fetches and stores the whole build on the browser's other threads: registered at
 * `load`, it ran while a first visit was still building the report, and on a two-core laptop a
 * first open of a 2,000-agreement report took 1.83 s instead of 1.52 s (median of five each, the
 * worker allowed and blocked). The report page says when it has opened (`pageOpened`: the server's
 * copy is on the page); any other page has opened at `load`. A page that never says so (a refused
 * link) registers after `FALLBACK_MS` all the same.
 */
const FALLBACK_MS = 5000;
/** The longest the registration then waits for the browser to be idle. */
const IDLE_TIMEOUT_MS = 2000;

let opened: () => void = () => {};
const whenOpened = new Promise<void>((resolve) => {
  opened = resolve;
});

/** The page has opened (the report is shown): the worker may be installed now. */
export function pageOpened(): void {
  opened();
}

/** Registers the worker once the page has opened and the browser is idle; `selfOpening`: at `load`. */
export function registerServiceWorkerLater(selfOpening: boolean): void {
  if (!('serviceWorker' in navigator)) return;
  if (selfOpening) window.addEventListener('load', pageOpened, { once: true });
  setTimeout(pageOpened, FALLBACK_MS);
  void whenOpened.then(() => {
    const register = () => {
      navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
        // Without it the application still works; only a reload without network would not.
        console.warn('The offline copy of the application could not be installed', error);
      });
    };
    whenIdle(register, IDLE_TIMEOUT_MS);
  });
}
