// Feed health over real sockets against the Deribit simulator: a stalled channel is reported stale (and fresh
// when data resumes), and lag reflects the simulator's injected clock skew corrected by the measured offset.
import { type FeedChange, telemetry } from '@zen-websocket/core';
import { type DeribitClientWithFeeds, deribitFeedWindow, withDeribitFeeds } from '@zen-websocket/deribit/feed';
import { describe, expect, it } from 'vitest';
import { collector, deribit, simulator } from './helpers.js';

/** The next `stale` or `fresh` change of a client with feeds. */
const next = (client: DeribitClientWithFeeds, type: 'stale' | 'fresh') =>
  new Promise<FeedChange>((resolve) => {
    const off = client.on(type, (change) => {
      off();
      resolve(change as FeedChange);
    });
  });

const BTC = 'ticker.BTC-PERPETUAL.100ms';

describe('feed health', () => {
  it('reports a channel stalled at the simulator stale within its window, and fresh when it resumes', async () => {
    const sim = await simulator();
    const client = withDeribitFeeds(await deribit(sim), { windows: { [BTC]: 300 } });
    const ticks = collector();
    await client.subscribe(BTC, ticks.handler);
    sim.tick(2);
    await ticks.until(2);
    const seen: string[] = [];
    const off = telemetry.on('feed.stale', ({ channel }) => seen.push(channel));
    const stale = next(client, 'stale');
    await sim.stall(); // the server sends nothing more
    const change = await stale;
    off();
    expect(change.channel).toBe(BTC);
    expect(change.windowMs).toBe(300);
    expect(change.silentMs).toBeGreaterThanOrEqual(300);
    expect(seen).toContain(BTC);
    expect(client.getStateMetrics().feeds?.[BTC]).toMatchObject({ stale: true, windowMs: 300, messages: 2 });

    const fresh = next(client, 'fresh');
    await sim.resume();
    sim.tick();
    expect((await fresh).channel).toBe(BTC);
    expect(client.getStateMetrics().feeds?.[BTC]?.stale).toBe(false);
  });

  it('corrects lag by the clock offset measured from usIn/usOut (simulator clock 2 minutes ahead)', async () => {
    const skew = 120_000;
    const sim = await simulator({ clockOffsetMs: skew });
    const client = withDeribitFeeds(await deribit(sim));
    const ticks = collector<{ timestamp: number }>();
    await client.subscribe(BTC, ticks.handler);
    await client.getTime(); // a timed reply: the offset is measured
    sim.tick(20);
    const items = await ticks.until(20);
    const metrics = client.getStateMetrics();
    const offset = metrics.clockOffsetMs ?? Number.NaN;
    expect(Math.abs(offset - skew)).toBeLessThan(skew / 2);
    const lag = metrics.feeds?.[BTC]?.lagMs;
    expect(lag?.samples).toBe(20);
    // uncorrected, receive minus event time would be about -2 minutes; corrected it is near zero
    expect(Math.abs(lag?.p50 ?? Number.NaN)).toBeLessThan(skew / 2);
    expect(Date.now() - (items.at(-1)?.timestamp ?? 0)).toBeLessThan(-skew / 2);
    expect(metrics.feeds?.[BTC]?.windowMs).toBe(deribitFeedWindow(BTC));
  });

  it('is off unless asked for, and refuses bad feed options', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    await client.subscribe(BTC);
    expect('feeds' in client.getStateMetrics()).toBe(false);
    expect(() => withDeribitFeeds(client, { windows: { [BTC]: -1 } })).toThrow(RangeError);
    expect(() => withDeribitFeeds(client, { windw: 1 } as never)).toThrow(/windows/);
  });

  it('derives default windows from the channel cadence', () => {
    expect(deribitFeedWindow('book.BTC-PERPETUAL.100ms')).toBe(2000);
    expect(deribitFeedWindow('trades.BTC-PERPETUAL.raw')).toBe(60_000);
    expect(deribitFeedWindow('trades.BTC-PERPETUAL.raw', 5000)).toBe(5000);
    expect(deribitFeedWindow('user.orders.BTC-PERPETUAL.raw')).toBe(Number.POSITIVE_INFINITY);
  });
});
