import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the same build is served by the browser host and by Electron's app:// protocol.
  base: './',
  plugins: [react()],
  publicDir: fileURLToPath(new URL('../assets/public', import.meta.url)),
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or styles, so the strict CSP holds.
    assetsInlineLimit: 0,
  },
});
