import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'api',
          environment: 'node',
          include: ['apps/api/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'packages/*/seed/**/*.test.ts', 'scripts/**/*.test.ts'],
          // *.pg.test.ts need a PostgreSQL server (they cut its connections): part of the PostgreSQL run only
          exclude: process.env.TEST_DATABASE_URL ? [] : ['**/*.pg.test.ts', '**/node_modules/**'],
          globalSetup: ['apps/api/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // one PGlite per file costs ~350 MB: two at a time fit the machine; on PostgreSQL every file has its own database
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      'apps/web/vitest.config.ts',
    ],
  },
});
