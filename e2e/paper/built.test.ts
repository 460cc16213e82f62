// Paper trading from the BUILT packages, in a plain Node process: `zen-websocket/deribit` (dist) loads the
// engine from `@zen-websocket/testing/paper` (dist) by its runtime import, fills against the simulator's live
// book, and the simulator sees no private frame. Also: without `paper`, nothing of the engine is in the adapter.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);

const SCRIPT = `
import { startDeribitSimulator } from '@zen-websocket/testing';
import { createDeribitClient } from 'zen-websocket/deribit';
const sim = await startDeribitSimulator({ feedIntervalMs: 0 });
const deribit = await createDeribitClient({ url: sim.url, paper: true, ...sim.credentials });
const ask = sim.orderBook('BTC-PERPETUAL').asks[0][0];
const { order, trades } = await deribit.buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market' });
const methods = sim.requests().map((r) => r.method);
await deribit.close();
await sim.stop();
console.log(JSON.stringify({ ask, state: order.order_state, prices: trades.map((t) => t.price), methods }));
`;

describe('paper trading from the built packages', () => {
  it('fills at the live best ask in a Node process, with no private frame at the venue', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: root });
    const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      ask: number;
      state: string;
      prices: number[];
      methods: string[];
    };
    expect(out.state).toBe('filled');
    expect(out.prices).toEqual([out.ask]);
    expect(out.methods.filter((m) => m.startsWith('private/') || m === 'public/auth')).toEqual([]);
  });

  it('keeps the engine out of the adapter’s files', () => {
    const dir = new URL('packages/deribit/dist/', root);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(c|m)?js$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect(text).not.toMatch(/createDeribitPaperEngine|applyLiveBook|PRIVATE_METHODS/);
    }
  });
});
