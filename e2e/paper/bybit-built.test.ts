// Bybit paper trading from the BUILT packages, in a plain Node process: `zen-websocket/bybit` (dist) loads the
// engine from `@zen-websocket/testing/paper` (dist) by its runtime import, fills at the simulator's live best ask,
// and the simulator sees only the public connection. Also: without `paper`, nothing of the engine is in the
// adapter's files or its script-tag add-on.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);

const SCRIPT = `
import { startBybitSimulator } from '@zen-websocket/testing';
import { createBybitClient } from 'zen-websocket/bybit';
const sim = await startBybitSimulator({ feedIntervalMs: 0 });
const bybit = await createBybitClient({ url: sim.url, paper: true, apiKey: 'sim-key', apiSecret: 'sim-secret' });
const fills = [];
await bybit.subscribe('execution', (rows) => fills.push(...rows));
const ask = await new Promise((resolve) => bybit.subscribe('orderbook.1.BTCUSDT', (d) => resolve(d.a[0][0])));
await bybit.createOrder({ symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.01' });
const kinds = sim.connections().map((c) => c.kind);
const ops = sim.received().map((m) => m.data?.op);
await bybit.close();
await sim.stop();
console.log(JSON.stringify({ ask, prices: fills.map((f) => f.execPrice), kinds, ops }));
`;

describe('Bybit paper trading from the built packages', () => {
  it('fills at the live best ask in a Node process, with only the public stream at the venue', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: root });
    const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      ask: string;
      prices: string[];
      kinds: string[];
      ops: string[];
    };
    expect(out.prices).toEqual([out.ask]);
    expect(out.kinds).toEqual(['linear']);
    expect([...new Set(out.ops)]).toEqual(['subscribe']);
  });

  it('keeps the engine out of the adapter’s files', () => {
    const dirs = ['packages/bybit/dist/'];
    const files = dirs.flatMap((d) =>
      readdirSync(new URL(d, root), { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.(c|m)?js$/.test(f))
        .map((f) => new URL(f, new URL(d, root))),
    );
    files.push(new URL('packages/sdk/dist/zen-websocket.bybit.iife.min.js', root));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      expect(readFileSync(file, 'utf8')).not.toMatch(
        /createBybitPaperEngine|BybitLedger|bybitRestQuery|OrderBookkeeper/,
      );
    }
  });
});
