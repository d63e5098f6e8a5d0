// Vite builds the player (src/) into dist/, which the server serves.
import { defineConfig } from 'vite';

export default defineConfig({
  build: { target: 'es2022', sourcemap: true, outDir: 'dist', emptyOutDir: true },
  worker: { format: 'es' },
  server: { proxy: { '/sync': { target: 'ws://localhost:8080', ws: true } } },
});
