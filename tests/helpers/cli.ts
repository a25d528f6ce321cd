import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from './fixtures';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** `accord ARGS` as its own process, as an operator runs it, with `env` over this process's. */
export function runAccord(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(PROJECT_ROOT, 'bin', 'accord.js'), ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
