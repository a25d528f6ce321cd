import { parentPort } from 'node:worker_threads';
import type { ExportOptions } from '../../schema/formats/export-options';
import { type ExportFormat, FORMATS } from '../../schema/formats/registry';
import type { Report } from '../../schema/index';

/** One export job, in a worker thread: the writers (PDF, Word…) never hold the server's event loop. */
export interface ExportJob {
  id: number;
  format: ExportFormat;
  report: Report;
  options: ExportOptions;
}

export type ExportAnswer =
  | { id: number; ok: true; output: string | Uint8Array }
  | { id: number; ok: false; error: string };

parentPort?.on('message', async (job: ExportJob) => {
  let answer: ExportAnswer;
  try {
    answer = { id: job.id, ok: true, output: await FORMATS[job.format].write(job.report, job.options) };
  } catch (error) {
    answer = { id: job.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const transfer = answer.ok && answer.output instanceof Uint8Array ? [answer.output.buffer as ArrayBuffer] : [];
  parentPort?.postMessage(answer, transfer);
});
