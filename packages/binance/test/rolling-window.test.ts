import { rollingWindow } from '@zen-websocket/binance';
import { createFakeClock } from '@zen-websocket/testing/fakes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('rollingWindow (fake clock)', () => {
  it('starts at most `limit` tasks per window, in order, the rest as slots free up', async () => {
    const clock = createFakeClock();
    const limiter = rollingWindow({ limit: 4, windowMs: 1000, clock });
    const started: Array<[number, number]> = [];
    const all = Array.from({ length: 10 }, (_, i) => limiter.run(() => started.push([i, clock.now()])));
    expect(started).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    expect(limiter.queued).toBe(6);
    expect(limiter.delay()).toBe(1000);
    await clock.advance(999);
    expect(started).toHaveLength(4);
    await clock.advance(1);
    expect(started.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await clock.advance(1000);
    await Promise.all(all);
    expect(started.map(([, t]) => t)).toEqual([0, 0, 0, 0, 1000, 1000, 1000, 1000, 2000, 2000]);
    expect(clock.pending).toBe(0);
  });

  it('is strict: no window of windowMs ever holds more than `limit` starts, whatever the arrivals', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 50, max: 1500 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 40 }),
        async (limit, windowMs, gaps) => {
          const clock = createFakeClock();
          const limiter = rollingWindow({ limit, windowMs, clock });
          const starts: number[] = [];
          const runs: Promise<unknown>[] = [];
          for (const gap of gaps) {
            await clock.advance(gap);
            runs.push(limiter.run(() => starts.push(clock.now())));
          }
          while (await clock.next()) {}
          await Promise.all(runs);
          expect(starts).toHaveLength(gaps.length);
          for (let i = limit; i < starts.length; i++) {
            expect((starts[i] as number) - (starts[i - limit] as number)).toBeGreaterThanOrEqual(windowMs);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('passes on results and errors, sync or async', async () => {
    const clock = createFakeClock();
    const limiter = rollingWindow({ limit: 2, windowMs: 100, clock });
    await expect(limiter.run(() => 42)).resolves.toBe(42);
    await expect(limiter.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
    const thrown = expect(
      limiter.run(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await clock.advance(100);
    await thrown;
  });

  it('bounds its queue and refuses more with an overflow error', async () => {
    const clock = createFakeClock();
    const limiter = rollingWindow({ limit: 1, windowMs: 1000, clock, maxQueue: 2 });
    void limiter.run(() => 0);
    const a = limiter.run(() => 1);
    const b = limiter.run(() => 2);
    await expect(limiter.run(() => 3)).rejects.toMatchObject({ code: 'overflow' });
    await clock.advance(2000);
    await expect(Promise.all([a, b])).resolves.toEqual([1, 2]);
  });

  it('clear() rejects what waits and leaves no timer', async () => {
    const clock = createFakeClock();
    const limiter = rollingWindow({ limit: 1, windowMs: 1000, clock });
    void limiter.run(() => 0);
    const waiting = limiter.run(() => 1);
    expect(clock.pending).toBe(1);
    limiter.clear(new Error('closed'));
    await expect(waiting).rejects.toThrow('closed');
    expect(clock.pending).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('rejects nonsense options at once', () => {
    const clock = createFakeClock();
    expect(() => rollingWindow({ limit: 0, windowMs: 1000, clock })).toThrow(RangeError);
    expect(() => rollingWindow({ limit: 1, windowMs: 0, clock })).toThrow(RangeError);
  });
});
