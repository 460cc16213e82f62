// Feed health on a Bybit client, over real sockets against the Bybit simulator: per-topic lag from `ts`
// corrected by the clock offset (measured from the private pong with keys, estimated from the feed without;
// the simulator's clock is skewed by 120 s), a stalled topic reported stale within its window and fresh when
// data resumes, private topics never stale.
import { bybitFeedWindow, withBybitFeeds } from '@zen-websocket/bybit/feed';
import { Telemetry } from '@zen-websocket/core';
import { describe, expect, it } from 'vitest';
import { bybit, KEYS, simulator } from './helpers.js';

const BOOK = 'orderbook.50.BTCUSDT';

/** Subscribes BOOK and resolves once `count` of its messages arrived. */
async function ticks(client: ReturnType<typeof withBybitFeeds>, sim: { tick(): void }, count: number) {
  let seen = 0;
  let done: () => void = () => {};
  const arrived = new Promise<void>((resolve) => (done = resolve));
  await client.subscribe(BOOK, () => ++seen >= count && done());
  for (let i = 0; i < count; i++) sim.tick();
  await arrived;
}

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

  it('estimates the clock offset from public topics without keys, afresh after a reconnect (120 s skew)', async () => {
    const skew = 120_000;
    const sim = await simulator({ clockSkewMs: skew });
    const client = withBybitFeeds(await bybit(sim));
    expect(client.getStateMetrics().clockOffsetSource).toBe('none');
    await expect(client.syncClock()).resolves.toBeUndefined(); // no private connection to ask
    await ticks(client, sim, 5);
    const metrics = client.getStateMetrics();
    expect(metrics.clockOffsetSource).toBe('estimated');
    expect(metrics.clockOffsetMs).toBeLessThanOrEqual(skew + 1); // the skew minus the fastest delivery
    expect(metrics.clockOffsetMs).toBeGreaterThan(skew - 5000);
    const lag = metrics.feeds[BOOK]?.lagMs;
    expect(lag?.p50).toBeGreaterThanOrEqual(0); // uncorrected it would be about -120 s
    expect(lag?.p99).toBeLessThan(5000);

    // after a reconnect the estimate starts again: a clock now 120 s behind is found, not hidden by the old minimum
    sim.setClockSkew(-skew);
    const before = Math.max(0, ...sim.received().map((m) => m.connection));
    await sim.drop();
    // topics are restored on the new connection: tick once the simulator has the subscribe
    await sim.waitForMessage((m) => m.connection > before && m.data?.op === 'subscribe');
    const five = new Promise<void>((resolve) => {
      let n = 0;
      client.on('message', (m) => m.topic === BOOK && ++n === 5 && resolve());
    });
    for (let i = 0; i < 5; i++) sim.tick();
    await five;
    expect(client.getStateMetrics().clockOffsetMs).toBeLessThanOrEqual(-skew + 1);
    expect(client.getStateMetrics().clockOffsetMs).toBeGreaterThan(-skew - 5000);
  });

  it('measures the clock offset from the private pong, again after a reconnect (simulator 120 s behind)', async () => {
    const skew = -120_000;
    const sim = await simulator({ clockSkewMs: skew });
    const bus = new Telemetry();
    const client = withBybitFeeds(await bybit(sim, KEYS), { telemetry: bus, timeRefreshMs: 3_600_000 });
    const offset = await client.syncClock();
    expect(Math.abs((offset ?? Number.NaN) - skew)).toBeLessThan(2000);
    await ticks(client, sim, 5);
    let metrics = client.getStateMetrics();
    expect(metrics.clockOffsetSource).toBe('measured');
    expect(Math.abs(metrics.clockOffsetMs - skew)).toBeLessThan(2000);
    expect(Math.abs(metrics.feeds[BOOK]?.lagMs?.p50 ?? Number.NaN)).toBeLessThan(5000); // uncorrected: +120 s

    // the venue's clock moves, the private connection drops: the reconnect measures again (no periodic refresh
    // within this test: it is an hour)
    sim.setClockSkew(-60_000);
    const remeasured = new Promise<void>((resolve) => {
      bus.on(
        'feed.offset',
        ({ venue, offsetMs }) => venue === 'bybit' && Math.abs(offsetMs + 60_000) < 2000 && resolve(),
      );
    });
    await sim.drop();
    await remeasured;
    metrics = client.getStateMetrics();
    expect(Math.abs(metrics.clockOffsetMs + 60_000)).toBeLessThan(2000);
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
