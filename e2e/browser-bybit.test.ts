// Bybit in Chromium, by script tag (zen-websocket.iife.min.js, the book add-on and zen-websocket.bybit.iife.min.js)
// and from the one-file ES module zen-websocket/browser (no import map): `createBybitClient` through the page's
// own WebSocket (no socketFactory) against the local Bybit simulator: public trades, a market order over the trade
// API and its private update, a venue error as core's class, a LocalBook top. The console must stay free of errors.

import { type BybitSimulator, startBybitSimulator } from '@zen-websocket/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../packages/sdk/test/build.js';
import { launchChromium, runPage } from './harness/browser.js';
import { type Harness, startHarness } from './harness/servers.js';

interface BybitReport {
  ok: boolean;
  message?: string;
  trades?: Array<{ s: string; S: string; p: string; v: string }>;
  orderId?: string;
  filled?: string;
  venueError?: { name: string; isCoreZenError: boolean };
  bid?: string;
  ask?: string;
}

let browser: Browser;
let harness: Harness;
let sim: BybitSimulator;

beforeAll(async () => {
  buildOnce();
  [browser, harness, sim] = await Promise.all([
    launchChromium(),
    startHarness(),
    startBybitSimulator({ feedIntervalMs: 10 }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([browser?.close(), harness?.close(), sim?.stop()]);
});

/** Runs the Bybit scenario on `page` and checks it against the simulator. */
async function expectBybitSession(page: string): Promise<void> {
  const before = Math.max(0, ...sim.received().map((m) => m.connection));
  const q = new URLSearchParams({ url: sim.url, key: 'sim-key', secret: 'sim-secret' });
  const outcome = await runPage<BybitReport>(browser, `${harness.origin}/e2e/pages/${page}?${q}`, {
    global: '__venues',
  });
  expect(outcome.value, outcome.log.join('\n')).toMatchObject({ ok: true, filled: 'Filled' });
  expect(outcome.log.filter((line) => /^(error|pageerror|harness):/.test(line))).toEqual([]);
  const report = outcome.value as BybitReport;
  expect(report.trades).toHaveLength(3);
  for (const trade of report.trades ?? []) {
    expect(trade.s).toBe('BTCUSDT');
    expect(Number(trade.p)).toBeGreaterThan(0);
  }
  // The order is the simulator's own: one order.create on a trade connection that authenticated first.
  const trade = sim.received().filter((m) => m.kind === 'trade' && m.connection > before);
  const ops = trade.map((m) => m.data?.op).filter((op) => op !== 'ping');
  expect(ops.slice(0, 2)).toEqual(['auth', 'order.create']);
  expect(report.orderId).toMatch(/\S/);
  expect(report.venueError).toMatchObject({ isCoreZenError: true });
  expect(Number(report.bid)).toBeGreaterThan(0);
  expect(Number(report.bid)).toBeLessThan(Number(report.ask));
}

describe('script tag: the Bybit add-on on ZenWebsocket.bybit', () => {
  it('streams Bybit trades, places an order that fills, and syncs a LocalBook from a page', async () => {
    await expectBybitSession('venues-bybit.html');
  });
});

describe('one-file ES module (zen-websocket/browser), no import map', () => {
  it('streams Bybit trades, places an order that fills, and syncs a LocalBook from a page', async () => {
    await expectBybitSession('venues-bybit-esm.html');
  });
});
