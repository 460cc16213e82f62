// zen-websocket/<venue>/safety and /feed: one install is enough. The built package, resolved through its exports
// map by a fresh Node (import under every runtime condition, and require), gives the scoped packages' own
// tradingSession and with<Venue>Feeds (the same functions, not copies); and a program that imports only
// `zen-websocket` subpaths places an order through a trading session and times a feed on the Deribit simulator.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type DeribitSimulator, startDeribitSimulator } from '@zen-websocket/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from './build.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const VENUES = { deribit: 'Deribit', binance: 'Binance', bybit: 'Bybit' } as const;
let sim: DeribitSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

/** For each venue: is `zen-websocket/<venue>/safety`'s tradingSession, and /feed's wrapper, the scoped one? */
const SAME = (load: (specifier: string) => string) => `
  const out = {};
  for (const [venue, Name] of Object.entries(${JSON.stringify(VENUES)})) {
    const safety = ${load("'zen-websocket/' + venue + '/safety'")};
    const feed = ${load("'zen-websocket/' + venue + '/feed'")};
    const scopedSafety = ${load("'@zen-websocket/' + venue + '/safety'")};
    const scopedFeed = ${load("'@zen-websocket/' + venue + '/feed'")};
    const wrap = 'with' + Name + 'Feeds';
    out[venue] = [
      typeof safety.tradingSession === 'function' && safety.tradingSession === scopedSafety.tradingSession,
      typeof feed[wrap] === 'function' && feed[wrap] === scopedFeed[wrap],
      Object.keys(feed).sort().join() === Object.keys(scopedFeed).sort().join(),
    ];
  }
  console.log(JSON.stringify(out));`;

const ALL_SAME = JSON.stringify(Object.fromEntries(Object.keys(VENUES).map((v) => [v, [true, true, true]])));

describe('zen-websocket/<venue>/safety and /feed (built)', () => {
  beforeAll(() => buildOnce(), 600_000);

  it.each(['node', 'browser', 'deno', 'bun'])('import under the %s condition gives the scoped functions', (cond) => {
    const code = `(async () => { ${SAME((s) => `await import(${s})`)} })()`;
    const args = ['--input-type=module', ...(cond === 'node' ? [] : [`--conditions=${cond}`]), '-e', code];
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(ALL_SAME);
  });

  it('require gives the scoped functions', () => {
    const code = SAME((s) => `require(${s})`);
    const result = spawnSync(process.execPath, ['--input-type=commonjs', '-e', code], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(ALL_SAME);
  });

  // importing these entries starts no timer and adds no global: packages/sdk/test/venues.test.ts covers every venue entry

  it('a program importing only zen-websocket subpaths trades through a session and times a feed', async () => {
    sim = await startDeribitSimulator({ feedIntervalMs: 0, clockOffsetMs: 120_000 });
    const code = `
      import { createDeribitClient } from 'zen-websocket/deribit';
      import { tradingSession } from 'zen-websocket/deribit/safety';
      import { withDeribitFeeds } from 'zen-websocket/deribit/feed';
      const [url, clientId, clientSecret] = process.argv.slice(1);
      const deribit = withDeribitFeeds(await createDeribitClient({ url, clientId, clientSecret }));
      const session = await tradingSession(deribit);
      const ticked = new Promise((resolve) => deribit.subscribe('ticker.BTC-PERPETUAL.100ms', resolve));
      await deribit.getTime();
      console.log('ready');
      await ticked;
      const order = await session.place({ symbol: 'BTC-PERPETUAL', side: 'buy', type: 'market', amount: 10 });
      const { clockOffsetSource, feeds } = deribit.getStateMetrics();
      const lag = feeds['ticker.BTC-PERPETUAL.100ms'].lagMs;
      console.log(JSON.stringify({ status: order.status, clockOffsetSource, lagOk: Math.abs(lag.p50) < 60000 }));
      await session.close?.();
      await deribit.close();`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', code, sim.url, 'sim-client', 'sim-secret'], {
      cwd: root,
    });
    let out = '';
    let err = '';
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('ready')) resolve();
      });
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await Promise.race([ready, exited]);
    sim.tick();
    expect(await exited, err).toBe(0);
    const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
    expect(result).toEqual({ status: 'filled', clockOffsetSource: 'measured', lagOk: true });
  });
});
