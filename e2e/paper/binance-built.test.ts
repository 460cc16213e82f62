// Binance paper trading from the BUILT packages, in a plain Node process: `zen-websocket/binance` (dist) loads the
// engine from `@zen-websocket/testing/paper` (dist), which opens its own market streams through
// `@zen-websocket/binance` (dist); the order fills at the simulator's live ask and the simulator sees no private
// frame. Also: without `paper`, nothing of the engine is in the adapter's files.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);

const SCRIPT = `
import { startBinanceSimulator } from '@zen-websocket/testing';
import { createBinanceApi } from 'zen-websocket/binance';
const sim = await startBinanceSimulator({ feedIntervalMs: 0 });
const api = await createBinanceApi({ url: sim.apiUrl, paper: true });
const order = api.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.1' });
const feed = await sim.waitForConnection('stream');
sim.tick();
const ask = sim.orderBook('BTCUSDT', { limit: 1 }).asks[0][0];
const { status, fills } = await order;
const methods = sim.received.map((t) => JSON.parse(t).method);
await api.close();
await sim.stop();
console.log(JSON.stringify({ ask, status, prices: fills.map((f) => f.price), methods, streams: feed.streams }));
`;

describe('Binance paper trading from the built packages', () => {
  it('fills at the live ask in a Node process, with no private frame at the venue', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: root });
    const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      ask: string;
      status: string;
      prices: string[];
      methods: string[];
      streams: string[];
    };
    expect(out.status).toBe('FILLED');
    expect(out.prices).toEqual([out.ask]);
    expect(out.streams).toEqual(['btcusdt@bookTicker']);
    expect(out.methods).toContain('time');
    expect(out.methods.filter((m) => /^(order|openOrders|account|userDataStream|session)/.test(m))).toEqual([]);
  });

  it('keeps the engine out of the adapter’s files', () => {
    const dir = new URL('packages/binance/dist/', root);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(c|m)?js$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect(text).not.toMatch(/createBinancePaperEngine|feedTouch|cancelReplace\(/);
    }
  });
});
