import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The staff console. `npm run build` writes web/dist, which the API server serves at `/`.
// `npm run dev:web` serves it with hot reload and sends /api to a server on :3000.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps: they would hand every comment and the original source to anyone.
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      onwarn(warning, warn) {
        // Libraries' "use client" directives mean nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
