// Feed health on Binance market streams, over real sockets against the Binance simulator: lag of `E` corrected
// by an offset the user measured (the simulator's clock is skewed), and a stalled stream reported stale, then
// fresh when data resumes.
import { createBinanceStreams } from '@zen-websocket/binance';
import { binanceFeedWindow, withBinanceFeeds } from '@zen-websocket/binance/feed';
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

async function setup(skew: number, options: Parameters<typeof withBinanceFeeds>[1]) {
  sim = await startBinanceSimulator({ feedIntervalMs: 0, clockSkewMs: skew });
  const streams = withBinanceFeeds(
    createBinanceStreams({ baseUrl: sim.streamUrl, socketFactory: wsSocketFactory }),
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
    const lag = metrics.feeds[DEPTH]?.lagMs;
    expect(lag?.samples).toBeGreaterThanOrEqual(1);
    expect(Math.abs(lag?.p50 ?? Number.NaN)).toBeLessThan(skew / 2); // uncorrected it would be about -90 s
    expect(metrics.feeds[DEPTH]?.windowMs).toBe(binanceFeedWindow(DEPTH));
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
