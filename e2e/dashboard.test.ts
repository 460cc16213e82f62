// The trading dashboard (examples/dashboard) in real Chromium against its own server (serve.mjs's
// startDashboard: the three simulators and the page on 127.0.0.1, port 0), through the built script-tag and
// ES module files. Everything is asserted on the DOM the page renders, never on pixels or timing: the books are
// populated, sorted and never crossed; a drop shows reconnecting then connected with the book synced again; a
// stall (half-open socket) is detected by the heartbeat; orders show filled, rejected and outcome unknown; the
// downloaded recording reads back and replays. Screenshots of the main states go to the folder printed at
// the start (ZEN_DASHBOARD_SCREENSHOTS to choose it).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { metadata } from '@zen-websocket/recorder';
import { startReplayServer } from '@zen-websocket/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'zen-websocket';
import { buildOnce } from '../packages/sdk/test/build.js';
import { launchChromium } from './harness/browser.js';
import { root } from './harness/servers.js';

interface Dashboard {
  url: string;
  origin: string;
  binance: { closes: ReadonlyArray<{ code: number; by: string }> };
  close(): Promise<void>;
}

const VENUES = ['deribit', 'binance', 'bybit'] as const;
type Venue = (typeof VENUES)[number];
const shots = process.env.ZEN_DASHBOARD_SCREENSHOTS ?? path.join(tmpdir(), `zen-dashboard-screenshots-${process.pid}`);

let browser: Browser;
let dashboard: Dashboard;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
const scripts = new Map<string, number>(); // script URL → gzip bytes, as the script-tag page loaded them

function watch(p: Page, label: string): void {
  p.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${label} console error: ${m.text()}`);
  });
  p.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`));
}

async function shot(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: path.join(shots, name) });
}

const card = (venue: Venue) => `section.venue[data-venue="${venue}"]`;

/** Resolves once the venue's card says the book is synced. */
function synced(p: Page, venue: Venue, timeout = 20_000) {
  return p.waitForSelector(`${card(venue)}[data-book-state="synced"]`, { timeout });
}

/** The ladder as rendered: every row's side and price, top to bottom. */
function ladder(p: Page, venue: Venue) {
  return p.$$eval(`${card(venue)} tr[data-side]`, (rows) =>
    rows.map((r) => ({
      side: (r as HTMLElement).dataset.side as string,
      price: Number((r as HTMLElement).dataset.price),
      size: Number((r as HTMLElement).dataset.size),
    })),
  );
}

beforeAll(async () => {
  if (!process.env.ZEN_DASHBOARD_DIST) buildOnce(); // the page loads the built script-tag and ES module files
  mkdirSync(shots, { recursive: true });
  console.log(`dashboard screenshots: ${shots}`);
  const serve = new URL('../examples/dashboard/serve.mjs', import.meta.url).href; // untyped JavaScript
  const { startDashboard } = (await import(serve)) as {
    startDashboard(options: { heartbeatMs?: number }): Promise<Dashboard>;
  };
  [browser, dashboard] = await Promise.all([launchChromium(), startDashboard({ heartbeatMs: 1000 })]);
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  page = await context.newPage();
  watch(page, 'script tag');
  page.on('response', async (r) => {
    if (!/\.m?js$/.test(new URL(r.url()).pathname)) return;
    const body = await r.body().catch(() => undefined);
    if (body) scripts.set(new URL(r.url()).pathname, gzipSync(body, { level: 9 }).length);
  });
  await page.goto(dashboard.url);
}, 180_000);

afterAll(async () => {
  await context?.close();
  await Promise.all([browser?.close(), dashboard?.close()]);
});

describe('the trading dashboard in Chromium', () => {
  it('loads by script tag with every venue live and no console errors', async () => {
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    for (const venue of VENUES) {
      expect(await page.getAttribute(card(venue), 'data-started')).toBe('true');
      await synced(page, venue);
    }
    await page.waitForSelector('#tape tr[data-venue="deribit"]');
    await page.waitForSelector('#tape tr[data-venue="binance"]');
    await page.waitForSelector('#tape tr[data-venue="bybit"]');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[data-metric="state"]')).every((c) => c.textContent === 'connected'),
    );
    await shot(page, '01-live.png');
    expect(problems).toEqual([]);
    // the page's transfer size: every script it loaded, gzip -9
    const total = [...scripts.values()].reduce((a, b) => a + b, 0);
    console.log(
      `script-tag page scripts (gzip): ${[...scripts].map(([u, n]) => `${path.basename(u)} ${n}`).join(', ')}; total ${total} B`,
    );
    expect([...scripts.keys()]).toEqual(expect.arrayContaining(['/dist/zen-websocket.iife.min.js', '/dashboard.js']));
  }, 40_000);

  it('shows every book populated, sorted and never crossed, update after update', async () => {
    for (const venue of VENUES) {
      let before = await page.getAttribute(card(venue), 'data-book-id');
      for (let sample = 0; sample < 5; sample++) {
        // the next paint of a newer book
        await page.waitForFunction(
          ([sel, id]) => document.querySelector(sel as string)?.getAttribute('data-book-id') !== id,
          [card(venue), before],
        );
        before = await page.getAttribute(card(venue), 'data-book-id');
        const rows = await ladder(page, venue);
        const asks = rows.filter((r) => r.side === 'ask');
        const bids = rows.filter((r) => r.side === 'bid');
        expect(asks.length, venue).toBeGreaterThan(0);
        expect(bids.length, venue).toBeGreaterThan(0);
        expect(rows.slice(0, asks.length).every((r) => r.side === 'ask')).toBe(true); // asks above bids
        for (let i = 1; i < rows.length; i++) {
          expect(rows[i]?.price, `${venue} row ${i}`).toBeLessThan(rows[i - 1]?.price as number); // descending
        }
        expect(Math.min(...asks.map((r) => r.price))).toBeGreaterThan(Math.max(...bids.map((r) => r.price)));
        expect(rows.every((r) => r.size > 0)).toBe(true);
      }
    }
  }, 30_000);

  it('drop: shows reconnecting, then connected, with the book synced again', async () => {
    for (const venue of ['deribit', 'bybit'] as const) {
      const before = ((await page.getAttribute(card(venue), 'data-transitions')) ?? '').split(' ').length;
      const reconnects = Number(await page.textContent(`[data-metric="reconnects"][data-venue="${venue}"]`));
      await page.click(`button[data-fault="drop"][data-venue="${venue}"]`);
      const after = await page.waitForFunction(
        ([sel, n]) => {
          const seen = (document.querySelector(sel as string)?.getAttribute('data-transitions') ?? '').split(' ');
          const fresh = seen.slice(n as number);
          const down = fresh.indexOf('reconnecting');
          return down >= 0 && fresh.indexOf('connected', down) > down ? fresh : undefined;
        },
        [card(venue), before],
        { timeout: 20_000 },
      );
      expect(await after.jsonValue()).toEqual(expect.arrayContaining(['reconnecting', 'connected']));
      await page.waitForFunction(
        ([venue, n]) =>
          Number(document.querySelector(`[data-metric="reconnects"][data-venue="${venue}"]`)?.textContent) > Number(n),
        [venue, reconnects],
      );
      await synced(page, venue);
    }
    await shot(page, '02-after-drop.png');
  }, 45_000);

  it('stall: a half-open socket is detected by the heartbeat and replaced', async () => {
    const venue = 'binance';
    await synced(page, venue);
    const transitions = ((await page.getAttribute(card(venue), 'data-transitions')) ?? '').split(' ').length;
    await page.click(`button[data-fault="stall"][data-venue="${venue}"]`);
    const detected = await page.waitForSelector(`${card(venue)}[data-stall-detected-ms]`, { timeout: 20_000 });
    const ms = Number(await detected.getAttribute('data-stall-detected-ms'));
    const reason = await page.getAttribute(card(venue), 'data-last-down');
    console.log(`stall detected after ${ms} ms (heartbeat 1000 ms, window 2000 ms): ${reason}`);
    expect(reason).toMatch(/heartbeat|no (data|message|frame)|silen|dead/i); // the heartbeat's verdict, not a close
    // the simulator never closed the stalled socket: the client did
    expect(dashboard.binance.closes.filter((c) => c.by === 'server')).toEqual([]);
    expect(await page.textContent('#events')).toContain('stall detected after');
    await page.waitForFunction(
      ([sel, n]) =>
        (document.querySelector(sel as string)?.getAttribute('data-transitions') ?? '')
          .split(' ')
          .slice(n as number)
          .includes('connected'),
      [card(venue), transitions],
      { timeout: 20_000 },
    );
    await synced(page, venue);
    await page.click(`button[data-fault="resume"][data-venue="${venue}"]`);
    await shot(page, '03-after-stall.png');
  }, 45_000);

  it('orders: filled on every venue, rejected, and outcome unknown after a cut', async () => {
    let placed = 0;
    const place = async (venue: Venue, qty: string, cut = false) => {
      // the stall test stalled Binance's API connection too: its heartbeat may still be replacing it (an order
      // then is refused 'Not connected (state: reconnecting)', 1 of 4 runs)
      if (venue === 'binance') await page.waitForSelector(`${card(venue)}[data-api-state="connected"]`);
      await page.selectOption('#order select[name="venue"]', venue);
      await page.fill('#order input[name="qty"]', qty);
      await page.setChecked('#order input[name="cut"]', cut);
      await page.click('#order button[type="submit"]');
      const item = `#outcomes li[data-n="${++placed}"]:not([data-outcome="pending"])`;
      const li = await page.waitForSelector(item, { timeout: 20_000 });
      return { outcome: await li.getAttribute('data-outcome'), text: await li.textContent() };
    };
    expect(await place('deribit', '10')).toMatchObject({
      outcome: 'filled',
      text: expect.stringMatching(/filled 10 USD @ [\d,.]+ USD/),
    });
    expect(await place('binance', '0.01')).toMatchObject({
      outcome: 'filled',
      text: expect.stringMatching(/BTC @ [\d,.]+ USDT/),
    });
    expect(await place('bybit', '0.01')).toMatchObject({
      outcome: 'filled',
      text: expect.stringMatching(/BTC @ [\d,.]+ USDT/),
    });
    expect(await place('deribit', '7')).toMatchObject({
      outcome: 'rejected',
      text: expect.stringContaining('multiple'),
    });
    expect(await place('deribit', '10', true)).toMatchObject({ outcome: 'unknown' });
    expect(await place('binance', '0.01', true)).toMatchObject({ outcome: 'unknown' });
    await synced(page, 'deribit');
    await shot(page, '04-orders.png');
  }, 60_000);

  it('Binance: a moved server clock is measured (clicked while the API reconnects), and a 1008 storm is paced', async () => {
    // The click comes in the same task as a cut order's 'outcome unknown', so the API connection is reconnecting
    // (the order test's cut left it so in 1 of 7 loaded runs, and the page showed 'Not connected' instead of
    // the offset): the page measures once the connection is back. The cut order itself needs the API connected
    // (after the order test's cut it may still be reconnecting: the order was then refused, never 'unknown').
    await page.waitForSelector(`${card('binance')}[data-api-state="connected"]`, { timeout: 20_000 });
    await page.selectOption('#order select[name="venue"]', 'binance');
    await page.fill('#order input[name="qty"]', '0.01');
    await page.setChecked('#order input[name="cut"]', true);
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const list = document.querySelector('#outcomes') as HTMLElement;
          const unknown = new MutationObserver(() => {
            const order = list.firstElementChild as HTMLElement | null; // the newest order
            if (order?.dataset.venue !== 'binance' || order.dataset.outcome !== 'unknown') return;
            unknown.disconnect();
            (document.querySelector('button[data-skew="3000"]') as HTMLElement).click();
            resolve();
          });
          unknown.observe(list, { subtree: true, attributes: true, childList: true });
          (document.querySelector('#order button[type="submit"]') as HTMLElement).click();
        }),
    );
    await page.setChecked('#order input[name="cut"]', false);
    const offset = await page.waitForSelector('#binance-note[data-offset]', { timeout: 20_000 });
    expect(await page.isHidden('#banner')).toBe(true); // no 'Not connected' error
    expect(Number(await offset.getAttribute('data-offset'))).toBeGreaterThan(2000); // the server runs 3 s ahead
    await page.click('button[data-skew="0"]');
    await page.click('#storm');
    const note = await page.waitForSelector('#binance-note[data-closes1008]', { timeout: 30_000 });
    expect(Number(await note.getAttribute('data-frames'))).toBeGreaterThanOrEqual(20); // 20 subscribes at least
    expect(await note.getAttribute('data-closes1008')).toBe('0');
    expect(dashboard.binance.closes.filter((c) => c.code === 1008)).toEqual([]);
  }, 40_000);

  it('records to IndexedDB and downloads JSONL that the CLI reads and the replay server plays', async () => {
    await page.check('#record');
    await page.waitForSelector('body[data-recording="true"]', { timeout: 20_000 });
    await synced(page, 'deribit');
    await page.waitForFunction(() => /^\d{2,} frames/.test(document.querySelector('#record-count')?.textContent ?? ''));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[data-download="deribit"]'),
    ]);
    const file = path.join(shots, 'deribit-recording.jsonl');
    await download.saveAs(file);
    await shot(page, '05-recording.png');
    const text = readFileSync(file, 'utf8');
    const entries = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { dir: string; type: string; data: string });
    // the recording starts at the login (the switch restarted the client onto the sink), secrets redacted
    expect(entries[0]).toMatchObject({ dir: 'out', type: 'text' });
    expect(entries[0]?.data).toContain('public/');
    const auth = entries.find((e) => e.dir === 'out' && e.data.includes('public/auth'));
    expect(auth?.data).toContain('[REDACTED]');
    expect(auth?.data).not.toContain('sim-secret');
    // book notifications (not the subscribe reply, which names the channel too)
    const isBook = (text: string) => text.includes('"subscription"') && text.includes('"book.BTC-PERPETUAL.100ms"');
    const books = entries.filter((e) => e.dir === 'in' && isBook(e.data));
    expect(books.length).toBeGreaterThan(0);

    const meta = await metadata(text);
    expect(meta).toMatchObject({ count: entries.length, skipped: 0 });
    const cli = execFileSync(process.execPath, [path.join(root, 'packages/sdk/bin/zen-websocket.mjs'), 'meta', file], {
      encoding: 'utf8',
    });
    expect(JSON.parse(cli)).toMatchObject({ count: entries.length, inbound: meta.inbound, outbound: meta.outbound });

    // the replay server plays it to a client: every recorded book notification arrives
    const server = await startReplayServer(text);
    const seen: string[] = [];
    let allBooks: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      allBooks = resolve;
    });
    const client = await connect(server.url, {
      heartbeat: { type: 'disabled' },
      handler: (m) => {
        if (m.type !== 'message') return;
        seen.push(JSON.stringify(m.data));
        if (seen.filter(isBook).length === books.length) allBooks();
      },
    });
    try {
      await server.finished(0, 20_000); // every frame sent; the last ones may still be on their way
      await Promise.race([arrived, new Promise((resolve) => setTimeout(resolve, 5000))]);
      const replayedBooks = seen.filter(isBook);
      expect(replayedBooks.length).toBe(books.length);
    } finally {
      await client.close();
      await server.stop();
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('npm run dashboard: serve.mjs prints its URL, serves the page and exits 0 on SIGINT', async () => {
    const child = spawn(process.execPath, [path.join(root, 'examples/dashboard/serve.mjs'), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (found) resolve(found[0]);
      });
      child.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code} before printing its URL`)));
    });
    const config = (await (await fetch(`${url}config.json`)).json()) as Record<string, { url?: string }>;
    expect(config.deribit?.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    expect((await fetch(url)).status).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 30_000);

  it('runs on the self-contained ES module too, and in the dark scheme', async () => {
    const esm = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    try {
      const p = await esm.newPage();
      watch(p, 'ES module');
      await p.goto(`${dashboard.origin}/esm.html`);
      await p.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      expect(await p.getAttribute('body', 'data-build')).toBe('ES module');
      await synced(p, 'deribit');
      await synced(p, 'binance');
      await synced(p, 'bybit'); // zen-websocket/browser carries Bybit too
      const rows = await ladder(p, 'binance');
      expect(rows.length).toBeGreaterThan(0);
      const dark = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(dark).not.toBe(light); // prefers-color-scheme switches the palette
      await p.waitForSelector('#tape tr[data-venue="binance"]');
      await shot(p, '06-esm-dark.png');
    } finally {
      await esm.close();
    }
    expect(problems).toEqual([]);
  }, 45_000);
});
