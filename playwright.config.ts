// How the browser tests launch Chromium: the system binary (Playwright cannot download its own browser here)
// with the flags this workplace needs (without the networking ones Chromium stalls trying to reach the
// internet). The browser tests run inside vitest through playwright-core, so that `npm test` prints one summary,
// and they read `launchOptions` from here (e2e/harness/browser.ts); the same object is valid Playwright
// configuration for anyone who runs specs with @playwright/test.
export default {
  testDir: './e2e',
  workers: 1,
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
};
