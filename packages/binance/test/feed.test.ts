// Feed health on Binance market streams, over real sockets against the Binance simulator: lag of `E` corrected
// by the clock offset (the simulator's clock is skewed) given by the user, measured through an API client, or
// estimated from the streams themselves, each re-done after a reconnect; a stalled stream reported stale, then
// fresh when data resumes.
import { createBinanceApi, createBinanceStreams } from '@zen-websocket/binance';
import { binanceFeedWindow, withBinanceFeeds } from '@zen-websocket/binance/feed';
import { Telemetry } from '@zen-websocket/core';
import { type BinanceSimulator, startBinanceSimulator, wsSocketFactory } from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';

let sim: BinanceSimulator | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await sim?.stop();
  sim = undefined;
});

const DEPTH = 'btcusdt@depth@100ms';
/** Reconnect at once after a drop. */
const FAST = { retryDelay: 5, firstRetrySpread: 0 };

async function setup(skew: number, options: Parameters<typeof withBinanceFeeds>[1]) {
  sim = await startBinanceSimulator({ feedIntervalMs: 0, clockSkewMs: skew });
  const streams = withBinanceFeeds(
    createBinanceStreams({ baseUrl: sim.streamUrl, socketFactory: wsSocketFactory, connect: FAST }),
    options,
  );
  closers.push(() => streams.close());
  return { sim, streams };
}

/** Resolves once `count` payloads of `stream` have arrived. */
const payloads = (streams: { on: ReturnType<typeof withBinanceFeeds>['on'] }, stream: string, count: number) =>
  new Promise<void>((resolve) => {
    let seen = 0;
    const off = streams.on('message', (m) => {
      if (m.stream === stream && ++seen >= count) {
        off();
        resolve();
      }
    });
  });

/** Resolves at the next `connected` state (after a drop: the reconnect). */
const reconnected = (streams: { on: ReturnType<typeof withBinanceFeeds>['on'] }) =>
  new Promise<void>((resolve) => {
    const off = streams.on('state', ({ to }) => {
      if (to !== 'connected') return;
      off();
      resolve();
    });
  });

describe('Binance feed health', () => {
  it('corrects the lag of E by the given clock offset (simulator 90 s ahead)', async () => {
    const skew = 90_000;
    const { sim, streams } = await setup(skew, { offset: () => skew });
    await streams.subscribe(DEPTH);
    const arrived = payloads(streams, DEPTH, 10);
    for (let i = 0; i < 10; i++) sim.tick();
    await arrived;
    const metrics = streams.getStateMetrics();
    expect(metrics.clockOffsetMs).toBe(skew);
    expect(metrics.clockOffsetSource).toBe('option');
    const lag = metrics.feeds[DEPTH]?.lagMs;
    expect(lag?.samples).toBeGreaterThanOrEqual(1);
    expect(Math.abs(lag?.p50 ?? Number.NaN)).toBeLessThan(skew / 2); // uncorrected it would be about -90 s
    expect(metrics.feeds[DEPTH]?.windowMs).toBe(binanceFeedWindow(DEPTH));
  });

  it('measures the offset through a Binance API client, and again every timeRefreshMs', async () => {
    const skew = 120_000;
    sim = await startBinanceSimulator({ feedIntervalMs: 0, clockSkewMs: skew });
    const api = await createBinanceApi({ url: sim.apiUrl, socketFactory: wsSocketFactory });
    closers.push(() => api.close());
    const synced: Array<(offset: number) => void> = [];
    const nextSync = () => new Promise<number>((resolve) => synced.push(resolve));
    const timeSource = {
      get clockOffset() {
        return api.clockOffset;
      },
      syncTime: async () => {
        const offset = await api.syncTime();
        for (const resolve of synced.splice(0)) resolve(offset);
        return offset;
      },
    };
    const first = nextSync();
    const streams = withBinanceFeeds(
      createBinanceStreams({ baseUrl: sim.streamUrl, socketFactory: wsSocketFactory, connect: FAST }),
      { timeSource, timeRefreshMs: 50 },
    );
    closers.push(() => streams.close());
    expect(Math.abs((await first) - skew)).toBeLessThan(5000);
    await streams.subscribe(DEPTH);
    const arrived = payloads(streams, DEPTH, 5);
    for (let i = 0; i < 5; i++) sim.tick();
    await arrived;
    let metrics = streams.getStateMetrics();
    expect(metrics.clockOffsetSource).toBe('measured');
    expect(Math.abs(metrics.clockOffsetMs - skew)).toBeLessThan(5000);
    const lag = metrics.feeds[DEPTH]?.lagMs;
    expect(Math.abs(lag?.p50 ?? Number.NaN)).toBeLessThan(skew / 2); // uncorrected it would be about -120 s

    sim.setClockSkew(-skew); // the venue's clock moves: the periodic refresh follows it
    let moved = await nextSync();
    while (Math.abs(moved + skew) > 5000) moved = await nextSync();
    metrics = streams.getStateMetrics();
    expect(Math.abs(metrics.clockOffsetMs + skew)).toBeLessThan(5000);
  });

  it('measures again after a reconnect (the API client’s own, or the streams’)', async () => {
    const skew = 120_000;
    sim = await startBinanceSimulator({ feedIntervalMs: 0, clockSkewMs: skew });
    const api = await createBinanceApi({ url: sim.apiUrl, socketFactory: wsSocketFactory });
    closers.push(() => api.close());
    const bus = new Telemetry();
    const offsets: number[] = [];
    let wake: () => void = () => {};
    bus.on('feed.offset', ({ offsetMs }) => {
      offsets.push(offsetMs);
      wake();
    });
    const measured = (near: number) =>
      new Promise<void>((resolve) => {
        wake = () => offsets.some((o) => Math.abs(o - near) < 5000) && resolve();
        wake();
      });
    const streams = withBinanceFeeds(
      createBinanceStreams({ baseUrl: sim.streamUrl, socketFactory: wsSocketFactory, connect: FAST }),
      { timeSource: api, timeRefreshMs: 3_600_000, telemetry: bus }, // no periodic refresh within the test
    );
    closers.push(() => streams.close());
    await streams.subscribe(DEPTH);
    await measured(skew); // at once
    sim.setClockSkew(-skew);
    const back = reconnected(streams);
    await sim.drop();
    await back;
    await measured(-skew); // the stream reconnect asked the API client again
    expect(Math.abs(streams.getStateMetrics().clockOffsetMs + skew)).toBeLessThan(5000);
  });

  it('estimates the offset from the streams without a time source, afresh after a reconnect', async () => {
    const skew = 120_000;
    const { sim, streams } = await setup(skew, {});
    expect(streams.getStateMetrics().clockOffsetSource).toBe('none');
    await streams.subscribe(DEPTH);
    let arrived = payloads(streams, DEPTH, 10);
    for (let i = 0; i < 10; i++) sim.tick();
    await arrived;
    let metrics = streams.getStateMetrics();
    expect(metrics.clockOffsetSource).toBe('estimated');
    // the estimate is the skew minus the fastest delivery: never above the skew, and close to it on loopback
    expect(metrics.clockOffsetMs).toBeLessThanOrEqual(skew + 1);
    expect(metrics.clockOffsetMs).toBeGreaterThan(skew - 5000);
    const lag = metrics.feeds[DEPTH]?.lagMs;
    expect(lag?.p50).toBeGreaterThanOrEqual(0); // uncorrected it would be about -120 s
    expect(lag?.p99).toBeLessThan(5000);

    // after a reconnect the estimate starts again: a clock now 120 s behind is found, not hidden by the old minimum
    sim.setClockSkew(-skew);
    const back = reconnected(streams);
    await sim.drop();
    await back;
    arrived = payloads(streams, DEPTH, 5);
    for (let i = 0; i < 5; i++) sim.tick();
    await arrived;
    metrics = streams.getStateMetrics();
    expect(metrics.clockOffsetMs).toBeLessThanOrEqual(-skew + 1);
    expect(metrics.clockOffsetMs).toBeGreaterThan(-skew - 5000);
  });

  it('reports a stalled stream stale within its window, and fresh when it resumes', async () => {
    const { sim, streams } = await setup(0, { windows: { [DEPTH]: 300 } });
    await streams.subscribe(DEPTH);
    const arrived = payloads(streams, DEPTH, 1);
    sim.tick();
    await arrived;
    const stale = new Promise<{ channel: string }>((resolve) => streams.on('stale', resolve));
    sim.stall();
    expect((await stale).channel).toBe(DEPTH);
    expect(streams.getStateMetrics().feeds[DEPTH]?.stale).toBe(true);
    const fresh = new Promise<{ channel: string }>((resolve) => streams.on('fresh', resolve));
    sim.resume();
    sim.tick();
    expect((await fresh).channel).toBe(DEPTH);
  });

  it('derives windows from the documented update speeds', () => {
    expect(binanceFeedWindow('btcusdt@depth')).toBe(10_000);
    expect(binanceFeedWindow('btcusdt@depth20@100ms')).toBe(2000);
    expect(binanceFeedWindow('btcusdt@kline_1m')).toBe(20_000);
    expect(binanceFeedWindow('btcusdt@kline_1s')).toBe(10_000);
    expect(binanceFeedWindow('btcusdt@ticker')).toBe(10_000);
    expect(binanceFeedWindow('btcusdt@trade')).toBe(60_000);
    expect(binanceFeedWindow('btcusdt@bookTicker', 5000)).toBe(5000);
  });
});
