// A page in Chromium consumes a gateway's Deribit feed over NATS WebSocket: `wsconnect` from @nats-io/nats-core
// plus `connectVia` from the built @zen-websocket/nats, bundled for the page with esbuild at test time. The gateway
// is a separate Node process that owns the venue connection; the page never talks to the venue. The page's
// book messages must be the stream's, in order (no gap, no duplicate), and a request goes through the gateway.

import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { type DeribitSimulator, type NatsServer, startDeribitSimulator, startNatsServer } from '@zen-websocket/testing';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, runPage } from '../harness/browser.js';
import { type Harness, root, startHarness } from '../harness/servers.js';
import { ensureBuilt, type Fixture, startFixture } from './harness.js';
import { readStream } from './stream.js';

const CHANNEL = 'book.BTC-PERPETUAL.100ms';

/** The page: connect over WebSocket, read 20 book messages through the gateway, ask the venue's time. */
const PAGE_SCRIPT = `
import { wsconnect } from '@nats-io/nats-core';
import { connectVia } from '@zen-websocket/nats';

const params = new URLSearchParams(location.search);
try {
  const nc = await wsconnect({ servers: params.get('ws') });
  const deribit = await connectVia(nc, 'deribit');
  const ids = [];
  const twenty = new Promise((resolve) => {
    deribit.subscribe(${JSON.stringify(CHANNEL)}, (book) => {
      ids.push(book.change_id);
      if (ids.length === 20) resolve();
    });
  });
  await twenty;
  const first = ids.slice(0, 20);
  const time = await deribit.request('public/get_time');
  await deribit.close();
  await nc.close();
  window.__nats = { ok: true, ids: first, time };
} catch (error) {
  window.__nats = { ok: false, message: String(error && error.stack || error) };
}
`;

interface PageReport {
  ok: boolean;
  message?: string;
  ids?: number[];
  time?: number;
}

let browser: Browser | undefined;
let harness: Harness | undefined;
let nats: NatsServer | undefined;
let sim: DeribitSimulator | undefined;
let observer: NatsConnection | undefined;
let gateway: Fixture | undefined;

beforeAll(async () => {
  ensureBuilt();
  [browser, harness, nats, sim] = await Promise.all([
    launchChromium(),
    startHarness(),
    startNatsServer(),
    startDeribitSimulator({ feedIntervalMs: 50 }),
  ]);
  const bundle = await build({
    stdin: { contents: PAGE_SCRIPT, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = (bundle.outputFiles[0]?.text ?? '').replace(/<\/script/gi, '<\\/script');
  harness.addPage(
    '/nats-feed.html',
    `<!doctype html><html lang="en"><body><script type="module">${code}</script></body></html>`,
  );
  observer = await connect({ servers: nats.url });
}, 180_000);

afterAll(async () => {
  await gateway?.kill();
  await observer?.close().catch(() => {});
  await Promise.all([browser?.close(), harness?.close(), nats?.stop(), sim?.stop()]);
});

describe('browser over NATS WebSocket', () => {
  it("a Chromium page consumes a gateway's feed with wsconnect + connectVia", async () => {
    if (!(harness && nats?.wsUrl && sim && browser && observer)) throw new Error('setup failed');
    gateway = startFixture('gateway.mjs', 'gw-browser', {
      natsUrl: nats.url,
      deribitUrl: sim.url,
      credentials: sim.credentials,
      leaseTtlMs: 3000,
    });
    await gateway.waitFor(
      (r) => (r.type === 'lease' && r.owner === 'gw-browser') || (r.type === 'ready' && r.role === 'owner'),
      30_000,
      'the lease',
    );

    const url = `${harness.origin}/nats-feed.html?${new URLSearchParams({ ws: nats.wsUrl })}`;
    const outcome = await runPage<PageReport>(browser, url, { global: '__nats', timeoutMs: 45_000 });
    expect(outcome.value, outcome.log.join('\n')).toMatchObject({ ok: true });
    const report = outcome.value as PageReport;
    expect(typeof report.time).toBe('number');
    // What the page got is what the gateway stored, in order: no gap, no duplicate.
    const stored = (await readStream(observer, 'ZEN_DERIBIT', `zen.deribit.data.${CHANNEL}`)).map(
      (m) => (m.data as { change_id: number }).change_id,
    );
    const ids = report.ids ?? [];
    expect(ids).toHaveLength(20);
    const start = stored.indexOf(ids[0] as number);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(ids).toEqual(stored.slice(start, start + 20));
    // The page reached NATS only: the venue saw the gateway's one connection.
    expect(sim.connectionCount).toBe(1);
  }, 120_000);
});
