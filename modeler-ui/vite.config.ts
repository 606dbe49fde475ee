// The web app's build: `npm run build:ui` writes modeler-ui/dist, which the api serves at /.
// The root is this folder whichever directory vite is started from; the shipped flows and the
// element templates are read from ../processes at build time.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // bpmn-js with the properties panel is one large chunk by nature; warn only far above it.
    chunkSizeWarningLimit: 4000,
  },
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
