import { createHash } from 'node:crypto';

/**
 * Finished exports, by what they were made from (format, report, options): forty observers asking
 * for the same PDF get it made once. Least recently used entries go first beyond `maxBytes`.
 */
export class ExportCache {
  private readonly entries = new Map<string, string | Uint8Array>();
  private bytes = 0;

  /** `maxBytes`: default 16 MiB (a dozen PDFs of a 2,000-agreement report; what a server keeps for good). */
  constructor(private readonly maxBytes = 16 * 1024 * 1024) {}

  static key(parts: unknown): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  get(key: string): string | Uint8Array | undefined {
    const found = this.entries.get(key);
    if (found === undefined) return undefined;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, found);
    return found;
  }

  set(key: string, output: string | Uint8Array): void {
    const size = sizeOf(output);
    if (size > this.maxBytes / 4) return;
    if (this.entries.has(key)) return;
    this.entries.set(key, output);
    this.bytes += size;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= sizeOf(value);
    }
  }
}

function sizeOf(output: string | Uint8Array): number {
  return typeof output === 'string' ? output.length * 2 : output.byteLength;
}
