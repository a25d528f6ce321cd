import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { yTiptapPatches } from './editor/build/y-tiptap-patches';

// The editor is a single-page app under editor/; the sync server serves its build from dist/editor.
export default defineConfig({
  root: 'editor',
  plugins: [react(), yTiptapPatches()],
  build: { outDir: '../dist/editor', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/ws': { target: 'ws://localhost:1234', ws: true },
      '/api': 'http://localhost:1234',
      '/healthz': 'http://localhost:1234',
    },
  },
});
