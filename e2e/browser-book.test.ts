// The local order book in Chromium through the script-tag add-ons (core, limiter, book, Deribit, Binance): both
// books sync against the local simulators through the page's own WebSocket (Binance's snapshot over the
// WebSocket API, which needs no CORS), and their top levels equal the simulators' books at the same ids.

import type { BinanceSimulator, DeribitSimulator } from '@zen-websocket/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPage } from './harness/browser.js';
import type { Harness } from './harness/servers.js';
import { type BrowserVenues, startBrowserVenues } from './harness/venues.js';

type Top = { state: string; id: number; bids: number[][]; asks: number[][] };
interface BookReport {
  ok: boolean;
  message?: string;
  binance?: Top;
  deribit?: Top;
  engine?: string;
}

let browser: Browser;
let harness: Harness;
let deribit: DeribitSimulator;
let binance: BinanceSimulator;

let venues: BrowserVenues | undefined;
beforeAll(async () => {
  venues = await startBrowserVenues({
    deribit: { feedIntervalMs: 0 }, // a still Deribit market: its book is the final one
    binance: { feedIntervalMs: 10, symbols: ['BTCUSDT'] },
  });
  ({ browser, harness, deribit, binance } = venues);
}, 180_000);

afterAll(async () => {
  await venues?.close();
});

const numeric = (levels: Array<[string, string]> | undefined) => (levels ?? []).map(([p, q]) => [Number(p), Number(q)]);

describe('local order books by script tag', () => {
  it('Binance and Deribit books sync in the browser and equal the simulators’ books', async () => {
    const q = new URLSearchParams({
      binanceStreams: binance.streamUrl,
      binanceApi: binance.apiUrl,
      deribit: deribit.url,
    });
    const outcome = await runPage<BookReport>(browser, `${harness.origin}/e2e/pages/book-script-tag.html?${q}`, {
      global: '__book',
    });
    const report = outcome.value as BookReport;
    expect(report, outcome.log.join('\n')).toMatchObject({ ok: true, engine: 'function' });
    expect(outcome.log.filter((line) => /^(error|pageerror|harness):/.test(line))).toEqual([]);

    const b = report.binance as Top;
    expect(b.state).toBe('synced');
    const ref = binance.orderBook('BTCUSDT', { updateId: b.id, limit: 5 });
    expect(b.bids).toEqual(numeric(ref?.bids));
    expect(b.asks).toEqual(numeric(ref?.asks));
    expect(binance.received.some((t) => t.includes('"method":"depth"'))).toBe(true);

    const d = report.deribit as Top;
    const own = deribit.orderBook('BTC-PERPETUAL');
    expect(d).toMatchObject({ state: 'synced', id: own.change_id });
    expect(d.bids).toEqual(own.bids.slice(0, 5));
    expect(d.asks).toEqual(own.asks.slice(0, 5));
  });

  it('a Binance book whose REST snapshot the page may not read (CORS) says why and what to pass, not just "not synced"', async () => {
    harness.addPage(
      '/book-no-api.html',
      `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/packages/sdk/dist/zen-websocket.iife.min.js"></script>
<script src="/packages/sdk/dist/zen-websocket.book.iife.min.js"></script>
<script src="/packages/sdk/dist/zen-websocket.binance-streams.iife.min.js"></script>`,
    );
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${harness.origin}/book-no-api.html`);
      // the simulator's REST, like Binance's, sends no CORS header: the page's fetch of the snapshot fails
      const failure = await page.evaluate(async (baseUrl) => {
        const Z = (window as unknown as { ZenWebsocket: Record<string, Record<string, (...a: unknown[]) => never>> })
          .ZenWebsocket;
        const streams = Z.binance?.createBinanceStreams?.({ baseUrl }) as unknown as {
          orderBook(s: string, o: object): { synced(ms: number): Promise<void> };
          close(): Promise<void>;
        };
        try {
          await streams.orderBook('BTCUSDT', { depth: 100 }).synced(3000);
          return undefined;
        } catch (e) {
          const error = e as Error & { code?: string; cause?: Error };
          return { code: error.code, message: error.message, cause: error.cause?.message };
        } finally {
          await streams.close();
        }
      }, binance.streamUrl);
      expect(failure?.code).toBe('timeout');
      expect(failure?.message).toMatch(
        /not synced within 3000 ms; the last snapshot failed: Error: GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/depth\?symbol=BTCUSDT&limit=100 failed \(TypeError: Failed to fetch\); in a page, pass api/,
      );
      expect(failure?.cause).toContain('in a page, pass api (createBinanceApi)');
    } finally {
      await context.close();
    }
  });
});
