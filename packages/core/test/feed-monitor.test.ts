// FeedMonitor on a fake clock: exact lag quantiles from injected wall and server times, the silence watchdog's
// stale/fresh transitions, overrides and bad options. Socket-level tests live with each venue (feed*.test.ts).
import { telemetry as globalTelemetry, Telemetry } from '@zen-websocket/core';
import { FeedMonitor, LagRing } from '@zen-websocket/core/internal';
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

describe('FeedMonitor', () => {
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
