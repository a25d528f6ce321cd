#!/usr/bin/env node
// Compiles the server and CLI to JavaScript in dist/server (run by `npm ci` through `prepare`, and
// by `npm start` and the tests when the sources are newer): they then start without a TypeScript
// loader. Each command stays its own chunk, loaded only when it runs.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'server');
const entry = join(out, 'main.js');

function newest(dir) {
  let latest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    latest = Math.max(latest, item.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(join(root, 'sync-server')), newest(join(root, 'schema')));
const onlyIfStale = process.argv.includes('--if-stale');
if (onlyIfStale && existsSync(entry) && statSync(entry).mtimeMs >= sources) process.exit(0);

// Chunks are named by content: clear the old ones rather than let them pile up.
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: {
    main: join(root, 'sync-server', 'cli', 'main.ts'),
    // Loaded by the export pool as a worker thread, beside the chunk that starts it.
    'export-worker': join(root, 'sync-server', 'exports', 'export-worker.ts'),
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
