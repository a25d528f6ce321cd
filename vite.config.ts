import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { yTiptapPatches } from './editor/build/y-tiptap-patches';

// The editor is a single-page app under editor/; the sync server serves its build from dist/editor.
export default defineConfig({
  root: 'editor',
  plugins: [
    react(),
    yTiptapPatches(),
    // The application kept by a service worker: a delegate who reloads (or opens a new tab) while the
    // venue's network is down gets the report from the browser's copy (IndexedDB), editable, and it
    // syncs when the network returns. A new build is taken on the next load; a page older than the
    // server's schema is told to reload by the server anyway (close code 4426).
    VitePWA({
      registerType: 'autoUpdate',
      // Registered by the page once it has opened (editor/service-worker.ts), not at `load`.
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/ws/, /^\/healthz/],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: { outDir: '../dist/editor', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/ws': { target: 'ws://localhost:1234', ws: true },
      '/api': 'http://localhost:1234',
      '/healthz': 'http://localhost:1234',
    },
  },
});
