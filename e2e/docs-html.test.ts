// Every ```html block with a script in docs/ and the package READMEs runs in real Chromium, as written: only the
// CDN address becomes the local build (/packages/sdk/dist/), the placeholder credentials the simulator's, and the
// page's WebSocket connections to a venue host (test.deribit.com, stream.binance.com, stream.bybit.com…) go to a
// local simulator of that venue. Any other request leaves nothing: it is aborted. A block passes when it prints
// what it logs (one line per `console.log(` in it) with no page error and no console error. The README's
// Install block is run by e2e/readme-snippets.test.ts.
import {
  type BinanceSimulator,
  type BybitSimulator,
  type DeribitSimulator,
  startBinanceSimulator,
  startBybitSimulator,
  startDeribitSimulator,
} from '@zen-websocket/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../packages/sdk/test/build.js';
import { docFiles, readBlocks } from './docs/markdown.js';
import { launchChromium } from './harness/browser.js';
import { type Harness, startHarness } from './harness/servers.js';

const CDN = /https:\/\/(?:unpkg\.com|cdn\.jsdelivr\.net\/npm)\/zen-websocket(?:@[^/]+)?\/dist\//g;
/** The docs suite's files without the README (its html block is the Install section's, run elsewhere). */
const blocks = docFiles()
  .filter((file) => file !== 'README.md')
  .flatMap((file) => readBlocks(file))
  .filter((b) => b.lang === 'html' && /<script/i.test(b.code));

let browser: Browser;
let harness: Harness;
let deribit: DeribitSimulator;
let binance: BinanceSimulator;
let bybit: BybitSimulator;

beforeAll(async () => {
  buildOnce();
  [browser, harness, deribit, binance, bybit] = await Promise.all([
    launchChromium(),
    startHarness(),
    startDeribitSimulator({ port: 0 }),
    startBinanceSimulator({ port: 0, feedInterval: 20 }),
    startBybitSimulator({ port: 0 }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([browser?.close(), harness?.close(), deribit?.stop(), binance?.stop(), bybit?.stop()]);
});

/** Venue host → the local simulator's `ws://127.0.0.1:<port>` (the path and query are kept). */
function venueMap(): Record<string, string> {
  const origin = (url: string) => `ws://${new URL(url).host}`;
  return {
    'test.deribit.com': origin(deribit.url),
    'www.deribit.com': origin(deribit.url),
    'stream.binance.com:9443': origin(binance.streamUrl),
    'stream.binance.com': origin(binance.streamUrl),
    'ws-api.binance.com': origin(binance.apiUrl),
    'ws-api.binance.com:9443': origin(binance.apiUrl),
    'stream.bybit.com': origin(bybit.url),
    'stream-testnet.bybit.com': origin(bybit.url),
  };
}

it('finds the html blocks to run', () => {
  expect(blocks.length).toBeGreaterThan(0);
});

describe.each(blocks.map((b) => [`${b.file}:${b.line}`, b] as const))('%s', (_name, block) => {
  it('runs in Chromium against the local simulators and logs what it prints', async () => {
    const { clientId, clientSecret } = deribit.credentials;
    const html = block.code
      .replace(CDN, '/packages/sdk/dist/')
      .replaceAll('your-client-id', clientId)
      .replaceAll('your-client-secret', clientSecret);
    const pathname = `/doc-html-${block.file.replace(/\W+/g, '-')}-${block.line}.html`;
    harness.addPage(pathname, `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">\n${html}`);
    const context = await browser.newContext();
    try {
      const origin = new URL(harness.origin).host;
      const outside: string[] = [];
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.host === origin || url.protocol === 'data:') return route.continue();
        outside.push(url.href);
        return route.abort();
      });
      // the page's own WebSocket, pointed at the simulators when it names a venue host
      await context.addInitScript((map: Record<string, string>) => {
        const Native = WebSocket;
        class Local extends Native {
          constructor(url: string | URL, protocols?: string | string[]) {
            const u = new URL(String(url));
            const to = map[u.host] ?? map[u.hostname];
            super(to ? `${to}${u.pathname}${u.search}` : url, protocols);
          }
        }
        Object.defineProperty(globalThis, 'WebSocket', { value: Local, configurable: true, writable: true });
      }, venueMap());
      const page = await context.newPage();
      const log: string[] = [];
      page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
      const logs = () => log.filter((line) => line.startsWith('log:'));
      const failures = () => log.filter((line) => /^(error|pageerror):/.test(line));
      const expected = (html.match(/console\.log\(/g) ?? []).length;
      await page.goto(`${harness.origin}${pathname}`);
      const wanted = Math.max(1, expected);
      // until it has printed what it logs, or failed; then the assertions say which, with the page's console
      await expect
        .poll(() => failures().length > 0 || logs().length >= wanted, { timeout: 15_000 })
        .toBe(true)
        .catch(() => {});
      expect(failures(), log.join('\n')).toEqual([]);
      expect(logs().length, log.join('\n')).toBeGreaterThanOrEqual(wanted);
      expect(outside).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
