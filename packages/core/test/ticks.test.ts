// The shared heartbeat timer (ticks.ts): entries tick at their own due times from one timer, and one entry's
// failure never stops the others.
import { createFakeClock } from '@zen-websocket/testing/fakes';
import { describe, expect, it } from 'vitest';
import { type TickEntry, tickerFor } from '../src/ticks.js';

/** An entry that records when it ticked and schedules itself again, as the heartbeat does. */
function entry(clock: ReturnType<typeof createFakeClock>, interval: number, onTick?: () => void) {
  const ticks: number[] = [];
  const e: TickEntry = {
    tickDue: 0,
    tick() {
      ticks.push(clock.now());
      tickerFor(clock, interval).add(e);
      onTick?.();
    },
  };
  return { e, ticks };
}

describe('Ticker', () => {
  it('ticks entries added at different times at their own due times, on one timer', async () => {
    const clock = createFakeClock();
    const a = entry(clock, 100);
    const b = entry(clock, 100);
    tickerFor(clock, 100).add(a.e);
    await clock.advance(30);
    tickerFor(clock, 100).add(b.e);
    expect(clock.pending).toBe(1);
    await clock.advance(270);
    expect(a.ticks).toEqual([100, 200, 300]);
    expect(b.ticks).toEqual([130, 230]);
    tickerFor(clock, 100).remove(a.e);
    tickerFor(clock, 100).remove(b.e);
    expect(clock.pending).toBe(0);
  });

  it('keeps ticking the other entries when one entry throws', async () => {
    const clock = createFakeClock();
    const bad = entry(clock, 50, () => {
      throw new Error('boom');
    });
    const good = entry(clock, 50);
    tickerFor(clock, 50).add(bad.e);
    tickerFor(clock, 50).add(good.e);
    await expect(clock.advance(50)).rejects.toThrow('boom');
    await clock.advance(0);
    expect(good.ticks).toEqual([50]);
    tickerFor(clock, 50).remove(bad.e);
    await clock.advance(100);
    expect(good.ticks).toEqual([50, 100, 150]);
    tickerFor(clock, 50).remove(good.e);
    expect(clock.pending).toBe(0);
  });
});
