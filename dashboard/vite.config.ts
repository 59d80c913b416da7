// The dashboard's build: one bundle, every asset local (no CDN, no web font), into dashboard/dist,
// which `pantau serve` serves at /. `npm run dev:dashboard` proxies /api and /socket.io to a
// running serve on :3000.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Leaflet's images are inlined rather than fetched from anywhere.
    assetsInlineLimit: 16_384,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
