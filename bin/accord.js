#!/usr/bin/env node
// Runs the compiled CLI (dist/server, built by `npm ci`); from a checkout where it has not been
// built, the TypeScript sources through tsx.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/server/main.js', import.meta.url);
let main;
if (existsSync(compiled)) {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../sync-server/cli/main.ts'));
}
const status = await main(process.argv.slice(2));
// Leave `serve` running; every other command ends with its status.
if (status !== undefined && status !== null) process.exitCode = status;
