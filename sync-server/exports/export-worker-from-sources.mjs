// The export worker when the server runs from its TypeScript sources (tests, development): the
// worker thread registers the TypeScript loader for itself, then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import('./export-worker.ts');
