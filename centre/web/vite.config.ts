import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The centre's web app: staff pages and the public licence check, served by the centre
// (centre/http/web-app.ts) from dist/centre-web.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Absolute asset URLs: pages live at nested paths such as /v/<payload>.
  base: '/',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../../dist/centre-web', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or styles, so the centre's strict CSP holds.
    assetsInlineLimit: 0,
  },
});
