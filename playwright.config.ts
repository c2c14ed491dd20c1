import { defineConfig } from '@playwright/test';
import { E2E } from './e2e/ports.js';

export default defineConfig({
  testDir: 'e2e/specs',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${E2E.appPort}`,
    locale: 'it-IT',
    screenshot: 'only-on-failure',
    timezoneId: 'Europe/Rome',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'node --import tsx e2e/harness.ts',
    url: `http://localhost:${E2E.appPort}/api/v1/ready`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
  },
});
