import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from './eventually';
import { PROJECT_ROOT } from './fixtures';

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `accord serve` as its own process, as an operator runs it; resolves once it listens. */
export async function spawnServer(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'bin', 'accord.js'), 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const port = await waitFor<number>(
    (resolve) => {
      let buffer = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          stdout.push(line);
          try {
            const event = JSON.parse(line) as { event?: string; port?: number };
            if (event.event === 'server.start' && event.port) resolve(event.port);
          } catch {
            // Not a log line.
          }
        }
      });
    },
    30_000,
    'the server to start',
  );
  return { child, port, stdout, stderr, exited };
}
