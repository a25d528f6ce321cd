import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from './helpers/fixtures';

/**
 * Builds, once before the suite and only when missing or stale, the editor (the browser tests serve
 * it) and the compiled server and CLI (the CLI and server-process tests run bin/accord.js).
 */
export default function setup(): void {
  for (const [script, ...args] of [['ensure-editor.js'], ['build-server.js', '--if-stale']] as const) {
    const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', script), ...args], {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error(`${script} failed`);
  }
}
