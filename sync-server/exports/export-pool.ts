import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExportOptions } from '../../schema/formats/export-options';
import type { ExportFormat } from '../../schema/formats/registry';
import type { Report } from '../../schema/index';
import type { ExportAnswer, ExportJob } from './export-worker';

/** Running from the TypeScript sources (tests, development), the worker registers the loader itself. */
const WORKER = new URL(
  import.meta.url.endsWith('.ts') ? './export-worker-from-sources.mjs' : './export-worker.js',
  import.meta.url,
);

interface Pending {
  job: ExportJob;
  resolve: (output: string | Uint8Array) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

/**
 * A few worker threads that run the export writers. A 2,000-agreement report's PDF takes ~1.7 s of
 * CPU: on the event loop, a handful of those froze live editing in every room. Jobs queue when all
 * workers are busy; a worker that dies is replaced and its job fails with an error.
 */
export class ExportPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  /** `size`: default one thread fewer than the machine has (at least one, at most four). */
  constructor(private readonly size = Math.min(4, Math.max(1, availableParallelism() - 1))) {}

  run(format: ExportFormat, report: Report, options: ExportOptions): Promise<string | Uint8Array> {
    if (this.closed) return Promise.reject(new Error('the export pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, format, report, options }, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.queue.splice(0)) waiting.reject(new Error('the server is shutting down'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((candidate) => candidate.busy === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const next = this.queue.shift()!;
      slot.busy = next;
      slot.worker.postMessage(next.job);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER);
    const slot: Slot = { worker, busy: null };
    worker.unref();
    worker.on('message', (answer: ExportAnswer) => {
      const busy = slot.busy;
      slot.busy = null;
      if (busy && busy.job.id === answer.id) {
        if (answer.ok) busy.resolve(answer.output);
        else busy.reject(new Error(answer.error));
      }
      this.dispatch();
    });
    const fail = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      slot.busy?.reject(error);
      slot.busy = null;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the export worker stopped (${code})`)));
    this.slots.push(slot);
    return slot;
  }
}
