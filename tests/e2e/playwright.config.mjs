// Browser tests in Debian's Chromium (scripts/setup installs it; CHROMIUM overrides the
// path). A local static server serves the checkout; nothing leaves localhost.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.KW_TEST_PORT ?? 8181);

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  outputDir: '../../test-results',
  reporter: [['list']],
  workers: 2,
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-quic'],
    },
  },
  webServer: {
    command: `node scripts/serve.mjs --port ${port}`,
    cwd: '../..',
    url: `http://localhost:${port}/package.json`,
    reuseExistingServer: false,
    stdout: 'ignore',
  },
});
