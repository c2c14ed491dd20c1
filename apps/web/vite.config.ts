import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);
/** bootstrap-italia ships the fonts but no @font-face: src/styles/fonts.css points at them via this alias. */
const biFonts = path.join(path.dirname(require.resolve('bootstrap-italia/package.json')), 'dist/fonts');

export default defineConfig({
  root,
  plugins: [react()],
  base: '/',
  resolve: { alias: { '@bi-fonts': biFonts } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
