// The venue clients in real Chromium follow the page as `connect` does: on the page's own WebSocket (no
// socketFactory given) they get the page's lifecycle signals, because the browser's socket factories carry them.
// `pagehide` closes their sockets with 1000 so the page can enter the back/forward cache, nothing reconnects while
// it is away, and `pageshow` reconnects: Deribit logs in again, Binance's streams and Bybit's topics flow again.
// Both builds a page uses without a bundler: the one-file ES module and the script-tag add-ons.
import { type BybitSimulator, startBybitSimulator } from '@zen-websocket/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowserVenues } from './harness/venues.js';

const PAGES = {
  'one-file ES module': `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module">
  window.zen = await import('/packages/sdk/dist/zen-websocket.browser.mjs');
  window.ready = true;
</script>`,
  'script-tag add-ons': `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/packages/sdk/dist/zen-websocket.iife.min.js"></script>
<script src="/packages/sdk/dist/zen-websocket.deribit.iife.min.js"></script>
<script src="/packages/sdk/dist/zen-websocket.binance-streams.iife.min.js"></script>
<script src="/packages/sdk/dist/zen-websocket.book.iife.min.js"></script>
<script src="/packages/sdk/dist/zen-websocket.bybit.iife.min.js"></script>
<script>
  window.zen = { ...ZenWebsocket.deribit, ...ZenWebsocket.binance, ...ZenWebsocket.bybit };
  window.ready = true;
</script>`,
};

/** Where the page of a build is served. */
const pathOf = (name: string) => `/${name.replace(/\W+/g, '-')}.html`;

const venues = useBrowserVenues({ binance: { feedInterval: 20 } }, ({ harness }) => {
  for (const [name, html] of Object.entries(PAGES)) harness.addPage(pathOf(name), html);
});

let bybit: BybitSimulator;
beforeAll(async () => {
  bybit = await startBybitSimulator({ port: 0 });
});
afterAll(async () => {
  await bybit?.stop();
});

type PageWindow = Window &
  Record<string, unknown> & {
    zen: Record<string, (options: unknown) => Promise<unknown> & Record<string, unknown>>;
    log: string[];
    trades: number;
  };

/** Opens both venue clients in the page with no socketFactory and no lifecycle; logs Deribit's states, counts trades. */
async function openVenues(page: Page): Promise<void> {
  const { clientId, clientSecret } = venues.deribit.credentials;
  await page.evaluate(
    async ({ deribitUrl, clientId, clientSecret, binanceUrl }) => {
      const w = window as unknown as PageWindow;
      w.log = [];
      w.trades = 0;
      const client = (await w.zen.createDeribitClient?.({ url: deribitUrl, clientId, clientSecret })) as {
        core: { on(event: 'state', fn: (s: { to: string }) => void): void };
      };
      client.core.on('state', (s) => w.log.push(`deribit ${s.to}`));
      const streams = w.zen.createBinanceStreams?.({ baseUrl: binanceUrl }) as unknown as {
        subscribe(stream: string, fn: () => void): Promise<unknown>;
      };
      await streams.subscribe('btcusdt@trade', () => w.trades++);
      Object.assign(w, { client, streams });
    },
    { deribitUrl: venues.deribit.url, clientId, clientSecret, binanceUrl: venues.binance.streamUrl },
  );
}

const trades = (page: Page) => page.evaluate(() => (window as unknown as PageWindow).trades);
const waitForLog = (page: Page, line: string) =>
  page.waitForFunction((l) => (window as unknown as PageWindow).log.includes(l), line, { timeout: 10_000 });
const transition = (page: Page, type: 'pagehide' | 'pageshow') =>
  page.evaluate((t) => window.dispatchEvent(new PageTransitionEvent(t, { persisted: true })), type);

/** Opens the page of a build in a fresh browser context, runs `test` once it is ready, then closes the context. */
async function inPage(name: string, test: (page: Page) => Promise<void>): Promise<void> {
  const context = await venues.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${venues.harness.origin}${pathOf(name)}`);
    await page.waitForFunction(() => (window as unknown as PageWindow).ready === true);
    await test(page);
  } finally {
    await context.close();
  }
}

describe('venue clients follow the page lifecycle (Chromium, no socketFactory)', () => {
  it.each(Object.keys(PAGES))(
    '%s: pagehide closes the Deribit and Binance sockets, pageshow reconnects both',
    async (name) => {
      await inPage(name, async (page) => {
        await openVenues(page);
        await expect.poll(() => trades(page), { timeout: 10_000 }).toBeGreaterThan(0);
        const auths = venues.deribit.requests('public/auth').length;
        const deribitOpened = venues.deribit.connectionCount;
        // this page's sockets: its Binance stream connection (the first not yet seen) and its Deribit connection
        const stream = await venues.binance.waitForConnection('stream', 10_000);
        const deribitId = venues.deribit.events.filter((e) => e.type === 'connection').at(-1)?.connection;
        const streamClosed = venues.binance.waitForClose((c) => c.id === stream.id, 10_000);
        const deribitClosed = venues.deribit.waitFor((e) => e.type === 'close' && e.connection === deribitId, 10_000);

        await transition(page, 'pagehide');
        // Both sockets closed by the page, normally (1000), so the page may enter the back/forward cache.
        expect(await streamClosed).toMatchObject({ code: 1000, by: 'client' });
        expect(await deribitClosed).toMatchObject({ code: 1000 });
        await waitForLog(page, 'deribit reconnecting');
        expect(venues.deribit.openConnections).toBe(0);
        expect(venues.deribit.connectionCount).toBe(deribitOpened); // nothing reconnects while the page is away

        const streamBack = venues.binance.waitForConnection('stream', 10_000);
        await transition(page, 'pageshow');
        await waitForLog(page, 'deribit connected');
        expect(venues.deribit.requests('public/auth').length).toBeGreaterThan(auths); // logged in again
        expect(venues.deribit.openConnections).toBe(1);
        expect((await streamBack).query).toContain('btcusdt@trade'); // the stream restored through the URL
        const before = await trades(page);
        await expect.poll(() => trades(page), { timeout: 10_000 }).toBeGreaterThan(before);
      });
    },
  );

  it.each(Object.keys(PAGES))(
    '%s: Bybit closes its socket on pagehide and subscribes again on pageshow',
    async (name) => {
      await inPage(name, async (page) => {
        await page.evaluate(async (url) => {
          const w = window as unknown as PageWindow;
          w.trades = 0;
          const client = (await w.zen.createBybitClient?.({ url })) as unknown as {
            subscribe(topic: string, fn: () => void): Promise<unknown>;
          };
          await client.subscribe('publicTrade.BTCUSDT', () => w.trades++);
          Object.assign(w, { bybit: client });
        }, bybit.url);
        await expect.poll(() => trades(page), { timeout: 10_000 }).toBeGreaterThan(0);
        expect(bybit.connections()).toHaveLength(1);
        await transition(page, 'pagehide');
        await expect.poll(() => bybit.connections().length, { timeout: 10_000 }).toBe(0);
        await transition(page, 'pageshow');
        await bybit.waitForConnections(1, 10_000);
        // the topic restored on the new connection, and trades flow again
        await expect.poll(() => bybit.connections()[0]?.topics, { timeout: 10_000 }).toContain('publicTrade.BTCUSDT');
        const before = await trades(page);
        await expect.poll(() => trades(page), { timeout: 10_000 }).toBeGreaterThan(before);
      });
    },
  );
});
