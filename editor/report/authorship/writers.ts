import i18next from 'i18next';
import { api } from '../api';
import type { Session } from '../session';
import type { Writer } from './authorship';

/**
 * The room's writers (Yjs client id → participant) as the server recorded them. Fetched when "who
 * wrote what" is turned on, and again when text by a client id not yet listed appears (a delegation
 * that joined since), at most every few seconds.
 */
export class WriterDirectory {
  readonly writers = new Map<number, Writer>();
  private fetching: Promise<boolean> | null = null;
  private last = 0;

  constructor(private readonly session: Session) {}

  /** Fetches the list; true when it learned a client id it did not know. */
  refresh(): Promise<boolean> {
    this.fetching ??= (async () => {
      try {
        const body = await api<{ writers: (Writer & { client: number })[] }>(this.session, '/writers');
        let learned = false;
        for (const { client, name, role, color } of body.writers) {
          if (!this.writers.has(client)) learned = true;
          // The server's own writing: an import, a restored version.
          this.writers.set(client, { name: role === 'server' ? i18next.t('authorship.server') : name, role, color });
        }
        return learned;
      } finally {
        this.last = Date.now();
        this.fetching = null;
      }
    })();
    return this.fetching;
  }

  /** For client ids met but not listed: fetch again unless it was done a moment ago. */
  missing(unknown: ReadonlySet<number>, learned: () => void): void {
    if (this.fetching || Date.now() - this.last < 3000) return;
    if (![...unknown].some((client) => !this.writers.has(client))) return;
    void this.refresh()
      .then((grew) => grew && learned())
      .catch(() => {});
  }
}
