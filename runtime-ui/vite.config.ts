import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { earlyScript } from './scripts/early-script.ts';

// The app is served by the Loom server under /app/ (SPA fallback to index.html);
// in development, API calls go to a server on port 3000.
export default defineConfig({
  base: '/app/',
  // The session and UI bundle are asked for by a small script that does not wait for the app's code.
  plugins: [react(), earlyScript('src/app/early-requests.ts', 'early')],
  resolve: {
    // RJSF's Markdown renderer, unused by Loom's forms: plain text instead (form/plain-markdown.tsx).
    alias: [{ find: /^markdown-to-jsx\/react$/, replacement: fileURLToPath(new URL('./src/form/plain-markdown.tsx', import.meta.url)) }],
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
});
