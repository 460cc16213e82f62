// The local order book in Chromium through the script-tag add-ons (core, limiter, book, Deribit, Binance): both
// books sync against the local simulators through the page's own WebSocket (Binance's snapshot over the
// WebSocket API, which needs no CORS), and their top levels equal the simulators' books at the same ids.

import {
  type BinanceSimulator,
  type DeribitSimulator,
  startBinanceSimulator,
  startDeribitSimulator,
} from '@zen-websocket/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../packages/sdk/test/build.js';
import { launchChromium, runPage } from './harness/browser.js';
import { type Harness, startHarness } from './harness/servers.js';

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

beforeAll(async () => {
  buildOnce();
  [browser, harness, deribit, binance] = await Promise.all([
    launchChromium(),
    startHarness(),
    startDeribitSimulator({ port: 0, feedIntervalMs: 0 }), // a still Deribit market: its book is the final one
    startBinanceSimulator({ port: 0, feedIntervalMs: 10, symbols: ['BTCUSDT'] }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([browser?.close(), harness?.close(), deribit?.stop(), binance?.stop()]);
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
});
