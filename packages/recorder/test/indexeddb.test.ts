// The IndexedDB sink in real Chromium (system /usr/bin/chromium through playwright-core), loading the BUILT
// files as native ES modules from a static server on 127.0.0.1: round trip, batching, pagehide, the size cap,
// persistence across a reload, export as a JSONL Blob, and `recordTo: 'name'` through the SDK's web build.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMockServer } from '@zen-websocket/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../e2e/harness/browser.js';
import { readImportMap } from '../../../e2e/harness/import-map.js';
import { buildOnce } from '../../sdk/test/build.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** The import map the runtime contract's ES-module page uses (it covers every bare specifier of the web build). */
const IMPORTS = readImportMap(`${root}/e2e/pages/esm.html`);
const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">${JSON.stringify({ imports: IMPORTS })}</script>
<script type="module" src="/packages/recorder/test/fixtures/idb-page.mjs"></script></head><body>recorder test</body></html>`;
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
};

let browser: Browser;
let http: Server;
let origin: string;
let page: Page;
let mock: MockServer | undefined;

/** Serves the test page and files under the repository's packages/ and node_modules/ (GET only). */
function serve(): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    const file = path.join(root, path.normalize(url.pathname));
    const allowed = ['packages', 'node_modules'].some((top) => file.startsWith(path.join(root, top) + path.sep));
    if (!allowed || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  buildOnce();
  http = await serve();
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => http?.close(resolve));
});
afterEach(async () => {
  await page?.context().close();
  await mock?.stop();
  mock = undefined;
});

async function open(): Promise<Page> {
  const context = await browser.newContext();
  page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => 'scenarios' in globalThis);
  return page;
}

/** Runs a scenario of fixtures/idb-page.mjs in the page and returns its JSON result. */
// biome-ignore lint/suspicious/noExplicitAny: scenario results are checked field by field below
const scenario = (p: Page, name: string, arg?: unknown): Promise<any> =>
  p.evaluate(
    ([n, a]) =>
      (globalThis as unknown as { scenarios: Record<string, (x: unknown) => unknown> }).scenarios[n as string]?.(a),
    [name, arg] as const,
  );

describe('IndexedDB sink in Chromium (built package)', () => {
  it('round-trips text, binary and close, redacted; metadata, replay and export read it', async () => {
    const result = await scenario(await open(), 'roundtrip');
    const ts = 1_768_923_045_123;
    expect(result.entries).toEqual([
      { ts, dir: 'out', type: 'text', data: '{"id":1,"params":{"access_token":"[REDACTED]"}}' },
      { ts: ts + 1, dir: 'in', type: 'binary', data: [0, 1, 254, 255] },
      { ts: ts + 2, dir: 'in', type: 'close', data: 'bye', code: 4001 },
    ]);
    expect(result.replayed).toEqual({ replayed: 3, skipped: 0 });
    expect(result.meta).toMatchObject({ count: 3, inbound: 2, outbound: 1, durationMs: 2 });
    expect(result.blobType).toBe('application/x-ndjson');
    expect(result.blobText.split('\n')).toHaveLength(4); // three lines, each ending in \n
    expect(result.blobText).not.toContain('tok-123');
    expect(result.fromBlob).toBe(3);
  });

  it('writes in batches: nothing before the 100th entry, all 100 in one go; pagehide flushes the rest', async () => {
    const p = await open();
    await scenario(p, 'batchStart');
    expect(await scenario(p, 'count', 'batches')).toBe(0);
    await scenario(p, 'batchHundredth');
    await expect.poll(() => scenario(p, 'count', 'batches')).toBe(100);
    await scenario(p, 'batchPagehide');
    await expect.poll(() => scenario(p, 'count', 'batches')).toBe(103);
  });

  it('caps the store, evicting the oldest lines first', async () => {
    const result = await scenario(await open(), 'capped');
    expect(result.total).toBeLessThanOrEqual(1000);
    expect(result.lines.length).toBeGreaterThan(5);
    const data = result.lines.map((line: string) => JSON.parse(line).data as string);
    expect(data.at(-1)).toBe('message-59'); // the newest are kept…
    expect(data).toEqual(data.map((_: string, i: number) => `message-${60 - data.length + i}`)); // …contiguous
  });

  it('keeps the recording across a reload, appends to it, and clears it', async () => {
    const p = await open();
    await scenario(p, 'beforeReload');
    await p.reload();
    await p.waitForFunction(() => 'scenarios' in globalThis);
    expect(await scenario(p, 'afterReload')).toEqual({ lines: ['before reload', 'after reload'], cleared: 0 });
  });

  it('records a real connection through the SDK web build with recordTo: "name"', async () => {
    mock = await startMockServer();
    const lines: string[] = await scenario(await open(), 'sdk', mock.url);
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.map((e) => `${e.dir} ${e.type}`)).toEqual([
      'out text',
      'in text',
      'out binary',
      'in binary',
      'out close',
    ]);
    expect(lines.join('\n')).not.toContain('browser-secret');
    expect(entries[3]).toMatchObject({ data: 'Bwc=', binary: true });
  });
});
