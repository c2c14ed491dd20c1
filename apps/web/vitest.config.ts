import { defineProject } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Vitest project "web" (component tests, happy-dom). Included by the root vitest config. */
export default defineProject({
  root,
  plugins: [react()],
  resolve: {
    // The UMD main of bootstrap-italia sets NODE_ENV=production on import: use the ESM build.
    alias: [
      { find: /^bootstrap-italia$/, replacement: 'bootstrap-italia/dist/bootstrap-italia.esm.js' },
    ],
    mainFields: ['module', 'browser', 'main'],
    conditions: ['module', 'browser', 'development'],
  },
  test: {
    name: 'web',
    sequence: { groupOrder: 1 },
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
  },
});
