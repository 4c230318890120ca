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
    // tfjs and face-api come to about 1.3 MB minified, loaded only where faces are checked.
    chunkSizeWarningLimit: 1600,
    // The kiosk, and the technician's camera check (which needs no core).
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        cameraCheck: fileURLToPath(new URL('camera-check.html', import.meta.url)),
      },
    },
  },
});
