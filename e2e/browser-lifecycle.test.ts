// Page lifecycle in real Chromium: the browser build wires window/document events into the client.
import type { MockServer } from '@zen-websocket/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildOnce } from '../packages/sdk/test/build.js';
import { launchChromium } from './harness/browser.js';
import { readImportMap } from './harness/import-map.js';
import { type Harness, root, startHarness } from './harness/servers.js';

const PAGE = `<!doctype html>
<meta charset="utf-8">
<script type="importmap">${JSON.stringify({ imports: readImportMap(`${root}/e2e/pages/esm.html`) })}</script>
<script type="module">
  window.sdk = await import('zen-websocket');
  window.ready = true;
</script>`;

let harness: Harness;
let browser: Browser;
let server: MockServer;
let page: Page;

beforeAll(async () => {
  buildOnce();
  harness = await startHarness();
  harness.addPage('/lifecycle.html', PAGE);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});
beforeEach(async () => {
  server = await harness.startRun();
  const context = await browser.newContext();
  page = await context.newPage();
  await page.goto(`${harness.origin}/lifecycle.html`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  return () => context.close();
});

/** Connects in the page; records the client's reconnect and state events on window.log. */
async function connectInPage(options: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    async ({ url, options }) => {
      const w = window as unknown as Record<string, unknown> & {
        sdk: { connect: (u: string, o: unknown) => Promise<unknown> };
      };
      const log: string[] = [];
      w.log = log;
      const client = (await w.sdk.connect(url, options)) as { on: (e: string, f: (p: never) => void) => void };
      client.on('reconnect', (r: { error: { code: string } }) => log.push(`reconnect ${r.error.code}`));
      client.on('state', (s: { to: string }) => log.push(`state ${s.to}`));
      w.client = client;
    },
    { url: server.url, options },
  );
}
const pageLog = () => page.evaluate(() => (window as unknown as { log: string[] }).log);
const waitForLog = (line: string, timeout = 5000) =>
  page.waitForFunction((l) => (window as unknown as { log: string[] }).log.includes(l), line, { timeout, polling: 20 });

describe('browser page lifecycle', () => {
  it('visibilitychange probes at once: a stalled server is found in about a second, not at the next 60 s tick', async () => {
    await connectInPage({
      heartbeat: {
        type: 'custom',
        message: { jsonrpc: '2.0', method: 'public/test', params: {} },
        interval: 60_000,
        timeout: 800,
      },
      retryDelay: 50,
    });
    server.stall();
    const started = Date.now();
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await waitForLog('reconnect heartbeat_timeout');
    expect(Date.now() - started).toBeLessThan(30_000); // far below the 60 s interval: the probe came from the event
    server.resume();
    await waitForLog('state connected');
  });

  it('pagehide closes the socket (back/forward cache) and pageshow reconnects', async () => {
    await connectInPage({ heartbeat: 'disabled' });
    const first = await server.waitForConnection();
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
    await waitForLog('state reconnecting');
    await expect.poll(() => first.open, { timeout: 5000 }).toBe(false);
    expect(server.connectionCount).toBe(1); // nothing reconnects while the page is hidden
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
    await waitForLog('state connected');
    expect(server.connectionCount).toBe(2);
    expect(await pageLog()).toEqual(['state reconnecting', 'state connected']);
  });

  it("the browser's own offline/online events reach the client: coming back online probes the connection", async () => {
    await connectInPage({
      heartbeat: {
        type: 'custom',
        message: { jsonrpc: '2.0', method: 'public/test', params: {} },
        interval: 60_000,
        timeout: 5000,
      },
    });
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    expect(await server.assertMessageSent({ method: 'public/test' }, 5000)).toBe(true);
  });
});
