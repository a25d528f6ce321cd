import { escapeHtml } from '../schema/index';

/** What `/` shows when the editor has not been built: the API works, and how to build the page. */
export function placeholderPage(version: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Accord</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em}code{background:#f2f2f2;padding:0 .3em}</style>
</head><body>
<h1>Accord ${escapeHtml(version)}</h1>
<p>The sync server is running: WebSocket clients can connect at <code>/ws/ROOM?token=TOKEN</code>,
exports are at <code>/api/rooms/ROOM/export?format=txt</code>.</p>
<p>The editor has not been built. Run <code>npm run build</code> (or <code>npm start</code>, which builds it when it is missing) to serve it here.</p>
</body></html>
`;
}
