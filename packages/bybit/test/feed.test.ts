// Feed health on a Bybit client, over real sockets against the Bybit simulator: per-topic lag from `ts`, a
// stalled topic reported stale within its window and fresh when data resumes, private topics never stale.
import { bybitFeedWindow, withBybitFeeds } from '@zen-websocket/bybit/feed';
import { describe, expect, it } from 'vitest';
import { bybit, simulator } from './helpers.js';

const BOOK = 'orderbook.50.BTCUSDT';

describe('Bybit feed health', () => {
  it('measures lag per topic and reports a stalled topic stale, then fresh', async () => {
    const sim = await simulator();
    const client = withBybitFeeds(await bybit(sim), { windows: { [BOOK]: 300 } });
    let seen = 0;
    let done: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (done = resolve));
    await client.subscribe(BOOK, () => ++seen >= 3 && done());
    for (let i = 0; i < 3; i++) sim.tick();
    await arrived;
    const health = client.getStateMetrics().feeds[BOOK];
    expect(health?.lagMs?.samples).toBeGreaterThanOrEqual(3);
    expect(health?.windowMs).toBe(300);

    const stale = new Promise<{ channel: string }>((resolve) => client.on('stale', resolve));
    sim.stall();
    expect((await stale).channel).toBe(BOOK);
    expect(client.getStateMetrics().feeds[BOOK]?.stale).toBe(true);
    const fresh = new Promise<{ channel: string }>((resolve) => client.on('fresh', resolve));
    sim.resume();
    sim.tick();
    expect((await fresh).channel).toBe(BOOK);
  });

  it('derives windows from the documented push frequencies', () => {
    expect(bybitFeedWindow('orderbook.1.BTCUSDT')).toBe(2000);
    expect(bybitFeedWindow('orderbook.500.BTCUSDT')).toBe(2000);
    expect(bybitFeedWindow('tickers.BTCUSDT')).toBe(2000);
    expect(bybitFeedWindow('publicTrade.BTCUSDT')).toBe(60_000);
    expect(bybitFeedWindow('order')).toBe(Number.POSITIVE_INFINITY);
    expect(bybitFeedWindow('orderbook.7.BTCUSDT', 1234)).toBe(1234);
  });
});
