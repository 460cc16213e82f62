// The venues in Chromium without a bundler: the core script tag plus the venue, limiter and pool add-ons, and
// the one-file ES module (no import map), each against the local Deribit and Binance simulators, through the
// page's own WebSocket (no socketFactory anywhere). Every page must also leave the console free of errors.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BinanceSimulator, DeribitSimulator } from '@zen-websocket/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PageOutcome, runPage } from './harness/browser.js';
import type { Harness } from './harness/servers.js';
import { root } from './harness/servers.js';
import { type BrowserVenues, startBrowserVenues } from './harness/venues.js';

interface DeribitReport {
  ok: boolean;
  message?: string;
  orderId?: string;
  orderState?: string;
  limiterCapacity?: number;
  venueError?: { name: string; isCoreRpcError: boolean; isCoreZenError: boolean };
  poolClients?: number;
}
interface BinanceReport {
  ok: boolean;
  message?: string;
  trades?: Array<{ e: string; s: string; p: string; q: string; t: number }>;
}

let browser: Browser;
let harness: Harness;
let deribit: DeribitSimulator;
let binance: BinanceSimulator;

let venues: BrowserVenues | undefined;
beforeAll(async () => {
  venues = await startBrowserVenues({ binance: { feedInterval: 10 } });
  ({ browser, harness, deribit, binance } = venues);
}, 180_000);

afterAll(async () => {
  await venues?.close();
});

/** Console errors and page errors of a run (the harness's own timeout note included). */
const errorsOf = (outcome: PageOutcome<unknown>) =>
  outcome.log.filter((line) => /^(error|pageerror|harness):/.test(line));

function deribitQuery(extra = ''): string {
  const { clientId, clientSecret } = deribit.credentials;
  const q = new URLSearchParams({ venue: 'deribit', url: deribit.url, id: clientId, secret: clientSecret });
  return `${q}${extra}`;
}

async function expectDeribitSession(page: string, extra = ''): Promise<void> {
  const placedBefore = deribit.orders().length;
  const authsBefore = deribit.requests('public/auth').length;
  const outcome = await runPage<DeribitReport>(browser, `${harness.origin}/e2e/pages/${page}?${deribitQuery(extra)}`, {
    global: '__venues',
  });
  expect(outcome.value, outcome.log.join('\n')).toMatchObject({ ok: true, orderState: 'filled', poolClients: 1 });
  expect(errorsOf(outcome)).toEqual([]);
  const report = outcome.value as DeribitReport;
  // The order is the simulator's own, placed after a signed authentication on this run.
  expect(
    deribit
      .orders()
      .slice(placedBefore)
      .map((o) => o.order_id),
  ).toContain(report.orderId);
  const auths = deribit.requests('public/auth').slice(authsBefore);
  expect(auths.map((a) => (a.params as { grant_type?: string }).grant_type)).toContain('client_signature');
  // The limiter add-on's Deribit preset, and venue errors of the add-on as the core script's own classes.
  expect(report.limiterCapacity).toBeGreaterThan(0);
  expect(report.venueError).toEqual({ name: 'RpcError', isCoreRpcError: true, isCoreZenError: true });
}

async function expectBinanceTrades(page: string): Promise<void> {
  const q = new URLSearchParams({ venue: 'binance', url: binance.streamUrl });
  const outcome = await runPage<BinanceReport>(browser, `${harness.origin}/e2e/pages/${page}?${q}`, {
    global: '__venues',
  });
  expect(outcome.value, outcome.log.join('\n')).toMatchObject({ ok: true });
  expect(errorsOf(outcome)).toEqual([]);
  const trades = (outcome.value as BinanceReport).trades ?? [];
  expect(trades).toHaveLength(3);
  for (const trade of trades) {
    expect(trade).toMatchObject({ e: 'trade', s: 'BTCUSDT' });
    expect(Number(trade.p)).toBeGreaterThan(0);
  }
}

describe('script tag: core + add-ons on the one global ZenWebsocket', () => {
  it('Deribit add-on: authenticates and places an order on the simulator, with the limiter and pool add-ons', async () => {
    await expectDeribitSession('venues-script-tag.html');
  });

  it('Binance add-on: streams trades from the simulator', async () => {
    await expectBinanceTrades('venues-script-tag.html');
  });

  it('Binance streams half (zen-websocket.binance-streams.iife.min.js): streams trades from the simulator', async () => {
    await expectBinanceTrades('venues-binance-streams.html');
  });

  it('Binance streams half with the core script alone (no limiter or book script): streams trades', async () => {
    await expectBinanceTrades('venues-binance-streams-alone.html');
  });

  it('without WebCrypto, signing rejects with a TypeError naming the noble add-on', async () => {
    const outcome = await runPage<DeribitReport>(
      browser,
      `${harness.origin}/e2e/pages/venues-script-tag.html?${deribitQuery('&nosubtle')}`,
      { global: '__venues' },
    );
    expect(outcome.value).toMatchObject({ ok: false });
    expect(outcome.value?.message).toContain('zen-websocket.noble.iife.min.js');
  });

  it('without WebCrypto, the noble add-on signs instead', async () => {
    await expectDeribitSession('venues-script-tag.html', '&nosubtle&noble');
  });

  it('the Deribit add-on works without the book add-on; only orderBook() needs it, and names it', async () => {
    const q = new URLSearchParams({ url: deribit.url });
    const outcome = await runPage<{ ok: boolean; time?: number; hasBook?: string; bookError?: Error }>(
      browser,
      `${harness.origin}/e2e/pages/venues-no-book.html?${q}`,
      { global: '__venues' },
    );
    expect(outcome.value, outcome.log.join('\n')).toMatchObject({ ok: true, hasBook: 'undefined' });
    expect(outcome.value?.time).toBeGreaterThan(0);
    expect(outcome.value?.bookError).toMatchObject({ name: 'TypeError' });
    expect(outcome.value?.bookError?.message).toContain('needs zen-websocket.book.iife.min.js');
    expect(errorsOf(outcome)).toEqual([]);
  });

  it('an add-on loaded before the core script says which script is missing', async () => {
    const outcome = await runPage<{ message: string }>(browser, `${harness.origin}/e2e/pages/venues-addon-first.html`, {
      global: '__venues',
    });
    expect(outcome.value?.message).toContain('needs zen-websocket.iife.min.js');
  });

  it('a second Binance add-on on the page throws, naming the one script to load instead', async () => {
    const outcome = await runPage<{ message: string }>(
      browser,
      `${harness.origin}/e2e/pages/venues-binance-twice.html`,
      {
        global: '__venues',
      },
    );
    expect(outcome.value?.message).toContain(
      'zen-websocket.binance-api.iife.min.js: a Binance add-on is already loaded',
    );
  });
});

describe('script tag: recording is the recorder add-on (zen-websocket.recorder.iife.min.js)', () => {
  interface RecorderReport {
    ok: boolean;
    name?: string;
    message?: string;
    addOn: string;
    lines?: string[];
  }
  const page = (extra: string) =>
    `${harness.origin}/e2e/pages/recorder-script-tag.html?${new URLSearchParams({ url: deribit.url })}${extra}`;

  it('without the add-on, connect with a recordTo name rejects with a TypeError naming the script', async () => {
    const outcome = await runPage<RecorderReport>(browser, page(''), { global: '__recorder' });
    expect(outcome.value).toMatchObject({ ok: false, name: 'TypeError', addOn: 'undefined' });
    expect(outcome.value?.message).toContain('zen-websocket.recorder.iife.min.js');
  });

  it('with the add-on, recordTo a name records the session to IndexedDB', async () => {
    const outcome = await runPage<RecorderReport>(browser, page('&addon'), { global: '__recorder' });
    expect(outcome.value?.message).toBeUndefined();
    expect(outcome.value).toMatchObject({ ok: true, addOn: 'object' });
    const entries = (outcome.value?.lines ?? []).map((line) => JSON.parse(line) as { dir: string; data?: string });
    expect(entries.some((e) => e.dir === 'out' && String(e.data).includes('public/test'))).toBe(true);
    expect(entries.some((e) => e.dir === 'in')).toBe(true);
  });
});

describe('one-file ES module (zen-websocket/browser), no import map', () => {
  it('Deribit: authenticates and places an order on the simulator', async () => {
    await expectDeribitSession('venues-esm.html');
  });

  it('Binance: streams trades from the simulator', async () => {
    await expectBinanceTrades('venues-esm.html');
  });

  it('without WebCrypto, loads its sibling @noble chunk and signs', async () => {
    await expectDeribitSession('venues-esm.html', '&nosubtle');
  });
});

describe('@noble only where WebCrypto lacks the algorithm', () => {
  it('no built library file imports @noble statically: only a dynamic import() a bundler splits out', () => {
    const staticNoble = /(?:^|[;\n])\s*(?:import|export)[^;()]*from\s*['"]@noble\//;
    const offenders: string[] = [];
    let dynamic = 0;
    for (const pkg of ['core', 'deribit', 'binance', 'sdk']) {
      const dist = path.join(root, 'packages', pkg, 'dist');
      for (const file of readdirSync(dist, { recursive: true }) as string[]) {
        if (!/\.(c?js|mjs)$/.test(file) || /\.min\.js$|browser.*\.mjs$/.test(file)) continue;
        const code = readFileSync(path.join(dist, file), 'utf8');
        if (staticNoble.test(code) || /require\(['"]@noble\//.test(code)) offenders.push(`${pkg}/dist/${file}`);
        dynamic += (code.match(/import\(['"]@noble\//g) ?? []).length;
      }
    }
    expect(offenders).toEqual([]);
    expect(dynamic).toBeGreaterThan(0);
  });
});
