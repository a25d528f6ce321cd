import type { ExportOptions } from '../../schema/formats/export-options';
import type { ExportFormat } from '../../schema/formats/registry';
import type { Report } from '../../schema/index';
import { ExportCache } from './export-cache';
import { ExportPool } from './export-pool';

/** A token already has as many exports running as it may. */
export class TooManyExports extends Error {}

/**
 * The server's exports: cached by what they are made from, written off the event loop, and at most
 * `perToken` at once for one link (an observer asking for forty PDFs waits for its own, not everyone).
 */
export class Exporter {
  private readonly running = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<string | Uint8Array>>();
  /** For /healthz: exports written, and answered from the cache or from one already being written. */
  readonly counts = { written: 0, shared: 0 };

  constructor(
    private readonly pool = new ExportPool(),
    private readonly cache = new ExportCache(),
    /** Concurrent exports per token. Default 2. */
    private readonly perToken = 2,
  ) {}

  async export(
    tokenId: string,
    format: ExportFormat,
    report: Report,
    options: ExportOptions,
  ): Promise<string | Uint8Array> {
    const key = ExportCache.key({ format, report, options });
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.counts.shared += 1;
      return cached;
    }
    // The same export asked for again while it is being made waits for that one.
    const pending = this.inFlight.get(key);
    if (pending) {
      this.counts.shared += 1;
      return pending;
    }
    const count = this.running.get(tokenId) ?? 0;
    if (count >= this.perToken) throw new TooManyExports(`at most ${this.perToken} exports at once per link`);
    this.running.set(tokenId, count + 1);
    const made = this.pool.run(format, report, options);
    this.inFlight.set(key, made);
    try {
      const output = await made;
      this.counts.written += 1;
      this.cache.set(key, output);
      return output;
    } finally {
      this.inFlight.delete(key);
      const left = (this.running.get(tokenId) ?? 1) - 1;
      if (left > 0) this.running.set(tokenId, left);
      else this.running.delete(tokenId);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
