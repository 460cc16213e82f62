// FeedMonitor on a fake clock: exact lag quantiles from injected wall and server times, the silence watchdog's
// stale/fresh transitions, overrides and bad options. Socket-level tests live with each venue (feed*.test.ts).
import { telemetry as globalTelemetry, Telemetry } from '@zen-websocket/core';
import { FeedMonitor, LagRing, OffsetEstimate } from '@zen-websocket/core/internal';
import { createFakeClock } from '@zen-websocket/testing/fakes';
import { describe, expect, it } from 'vitest';

const setup = (options = {}, offset = 0) => {
  const clock = createFakeClock(0);
  let wall = 1_000_000;
  const bus = new Telemetry();
  const monitor = new FeedMonitor(options, {
    clock,
    now: () => wall,
    offset: () => offset,
    windowOf: (channel) => (channel.startsWith('fast') ? 100 : 1000),
    telemetry: bus,
  });
  return { clock, monitor, bus, setWall: (ms: number) => (wall = ms) };
};

describe('LagRing', () => {
  it('keeps the latest samples and reports nearest-rank p50/p99', () => {
    const ring = new LagRing(100);
    expect(ring.quantiles()).toBeNull();
    for (let i = 1; i <= 150; i++) ring.push(i); // 1..50 fall out
    expect(ring.size).toBe(100);
    expect(ring.quantiles()).toEqual({ p50: 100, p99: 149 });
  });
});

describe('OffsetEstimate', () => {
  it('is minus the smallest delay of the current and the last full window, and forgets on reset', () => {
    const estimate = new OffsetEstimate(1000);
    expect(estimate.offset()).toBeUndefined();
    estimate.observe(-119_990, 0); // local minus server: the server is ~120 s ahead, 10 ms delivery
    estimate.observe(-119_950, 500);
    expect(estimate.offset()).toBe(119_990);
    estimate.observe(-119_980, 1000); // a new window: the last one's minimum still counts
    expect(estimate.offset()).toBe(119_990);
    estimate.observe(-119_970, 2000); // two windows on: the old minimum has aged out
    expect(estimate.offset()).toBe(119_980);
    estimate.reset();
    expect(estimate.offset()).toBeUndefined();
    estimate.observe(60_005, 2100); // after a reconnect: a server 60 s behind
    expect(estimate.offset()).toBe(-60_005);
  });
});

describe('FeedMonitor', () => {
  it('estimates the offset from its own samples when the adapter measured none, so lag is never negative', () => {
    const clock = createFakeClock(0);
    let measured: number | undefined;
    const monitor = new FeedMonitor({}, { clock, now: () => 1_000_000, offset: () => measured, windowOf: () => 1000 });
    monitor.watch('a');
    expect(monitor.offsetSource()).toBe('none');
    monitor.record('a', 1_000_000 + 120_000 - 5); // server 120 s ahead, 5 ms on the way
    monitor.record('a', 1_000_000 + 120_000 - 25);
    expect(monitor.offsetSource()).toBe('estimated');
    expect(monitor.offset()).toBe(119_995);
    expect(monitor.snapshot().a?.lagMs).toMatchObject({ p50: 0, p99: 20 });
    measured = 120_000; // a measurement, once there is one, wins
    expect(monitor.offsetSource()).toBe('measured');
    expect(monitor.offset()).toBe(120_000);
    monitor.close();
  });

  it('measures receive minus event time, corrected by the clock offset', () => {
    const { monitor } = setup({}, 5000); // server 5 s ahead
    monitor.watch('a');
    for (let lag = 1; lag <= 10; lag++) monitor.record('a', 1_000_000 + 5000 - lag); // server stamps ahead by 5 s
    const a = monitor.snapshot().a;
    expect(a?.lagMs).toEqual({ p50: 5, p99: 10, samples: 10 });
    expect(a?.messages).toBe(10);
    monitor.record('unwatched', 1); // ignored
    expect(Object.keys(monitor.snapshot())).toEqual(['a']);
    monitor.close();
  });

  it('reports a silent channel stale after its window and fresh when data resumes', async () => {
    const { clock, monitor, bus } = setup();
    const seen: string[] = [];
    monitor.on('stale', ({ channel }) => seen.push(`stale ${channel}`));
    monitor.on('fresh', ({ channel, silentMs }) => seen.push(`fresh ${channel} ${silentMs}`));
    bus.on('feed.stale', ({ channel, windowMs }) => seen.push(`telemetry ${channel} ${windowMs}`));
    monitor.watch('fast');
    monitor.watch('slow');
    await clock.advance(60);
    monitor.record('fast', undefined); // keeps it fresh past its first window
    await clock.advance(60);
    expect(seen).toEqual([]);
    await clock.advance(100);
    expect(seen).toEqual(['telemetry fast 100', 'stale fast']);
    expect(monitor.snapshot().fast).toMatchObject({ stale: true, lastMessageAgeMs: 160, windowMs: 100 });
    monitor.record('fast', undefined);
    expect(seen.at(-1)).toBe('fresh fast 160');
    await clock.advance(800);
    expect(seen.filter((s) => s === 'stale slow')).toHaveLength(1);
    expect(monitor.snapshot().slow?.stale).toBe(true);
    monitor.close();
  });

  it('takes per-channel windows and an offset of the user’s, and emits feed.lag only to listeners', () => {
    const { monitor, bus } = setup({ windows: { slow: 5 }, offset: () => 100 });
    monitor.watch('slow');
    expect(monitor.snapshot().slow?.windowMs).toBe(5);
    const lags: number[] = [];
    bus.on('feed.lag', ({ lagMs }) => lags.push(lagMs));
    monitor.record('slow', 1_000_000);
    expect(lags).toEqual([100]);
    expect(globalTelemetry.wants('feed.lag')).toBe(false);
    monitor.close();
  });

  it('refuses bad options with a clear error', () => {
    expect(() => setup({ windows: { a: 0 } })).toThrow(/feeds.windows\["a"\] must be a positive number/);
    expect(() => setup({ samples: 0 })).toThrow(RangeError);
    expect(() => setup({ windw: 1 })).toThrow(/windows/);
  });
});
