import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from './helpers/fixtures';

/** Builds the editor once before the suite when it is missing or stale: the browser tests serve it. */
export default function setup(): void {
  const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'ensure-editor.js')], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('building the editor failed');
}
