#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npx accord` works straight after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../sync-server/cli/main.ts');
const status = await main(process.argv.slice(2));
// Leave `serve` running; every other command ends with its status.
if (status !== undefined && status !== null) process.exitCode = status;
