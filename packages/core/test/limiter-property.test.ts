// Properties of the rate limiter under random schedules of concurrent consumers, aborts and time passing:
// the rolling window is never exceeded, tokens stay within [0, capacity], releases keep arrival order,
// every wait settles, and an idle limiter holds no timer.
import { createFakeClock } from '@zen-websocket/testing/fakes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Telemetry } from '../src/index.js';
import { createRateLimiter } from '../src/limiter/index.js';

type Op =
  | { kind: 'burst'; costs: number[]; abortOne: boolean; viaAcquire: boolean }
  | { kind: 'try'; cost: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'status' };

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('burst' as const),
      costs: fc.array(fraction, { minLength: 1, maxLength: 8 }),
      abortOne: fc.boolean(),
      viaAcquire: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fraction.map((cost) => ({ kind: 'try' as const, cost })) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 1500 }).map((ms) => ({ kind: 'advance' as const, ms })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'status' as const }) },
);

const config = fc.record({
  capacity: fc.integer({ min: 1, max: 10 }),
  refillRate: fc.integer({ min: 1, max: 10 }),
  refillInterval: fc.integer({ min: 10, max: 1000 }),
  window: fc.option(
    fc.record({ limit: fc.integer({ min: 1, max: 8 }), intervalMs: fc.integer({ min: 50, max: 2000 }) }),
    {
      nil: undefined,
    },
  ),
  maxSize: fc.integer({ min: 0, max: 12 }),
  ttlMs: fc.integer({ min: 50, max: 5000 }),
});

/** A cost in [0, ceiling], mostly ≥ 1. */
const priced = (f: number, ceiling: number) => (f < 0.05 ? 0 : Math.min(ceiling, 1 + Math.floor(f * ceiling)));

const ticks = async () => {
  for (let i = 0; i < 4; i++) await Promise.resolve();
};

describe('rate limiter properties', () => {
  it('window never exceeded, tokens within bounds, FIFO releases, everything settles, idle = no timer', async () => {
    await fc.assert(
      fc.asyncProperty(config, fc.array(op, { maxLength: 30 }), async (cfg, ops) => {
        const clock = createFakeClock();
        const bus = new Telemetry();
        const { capacity, window, maxSize, ttlMs } = cfg;
        const limiter = createRateLimiter({
          capacity,
          refillRate: cfg.refillRate,
          refillInterval: cfg.refillInterval,
          ...(window ? { window } : {}),
          queue: { maxSize, ttlMs },
          cost: (m) => m as number,
          clock,
          telemetry: bus,
        });
        const ceiling = Math.min(capacity, window?.limit ?? capacity);
        const sends: Array<{ at: number; cost: number }> = [];
        bus.on('rate_limiter.consume', ({ tokensRemaining, cost }) => {
          expect(tokensRemaining).toBeGreaterThanOrEqual(0);
          expect(tokensRemaining).toBeLessThanOrEqual(capacity);
          sends.push({ at: clock.now(), cost });
        });
        const released: number[] = [];
        const unsettled = new Set<number>();
        let nextId = 0;
        const consumer = (cost: number, viaAcquire: boolean, signal?: AbortSignal) => {
          const id = nextId++;
          const wait = viaAcquire ? limiter.acquire(cost, signal ? { signal } : {}) : limiter.take(cost);
          if (!wait) return void released.push(id);
          unsettled.add(id);
          wait.then(
            () => {
              unsettled.delete(id);
              released.push(id);
            },
            (error: { code: string; sent: boolean }) => {
              unsettled.delete(id);
              expect(error.sent).toBe(false);
              expect(['overflow', 'request_timeout', 'aborted']).toContain(error.code);
            },
          );
        };
        for (const step of ops) {
          if (step.kind === 'burst') {
            const controller = new AbortController();
            step.costs.forEach((f, i) => {
              const abortable = step.abortOne && step.viaAcquire && i === 0;
              consumer(priced(f, ceiling), step.viaAcquire, abortable ? controller.signal : undefined);
            });
            controller.abort();
          } else if (step.kind === 'try') {
            const id = nextId++;
            if (limiter.tryAcquire(priced(step.cost, ceiling))) released.push(id);
          } else if (step.kind === 'advance') {
            await clock.advance(step.ms);
          } else {
            const s = limiter.status();
            expect(s.tokens).toBeGreaterThanOrEqual(0);
            expect(s.tokens).toBeLessThanOrEqual(capacity);
            expect(s.suggestedDelayMs).toBeGreaterThanOrEqual(0);
            expect(s.queueSize).toBeLessThanOrEqual(maxSize);
          }
          await ticks();
        }
        // The strict window: every span of intervalMs (ends included) holds at most `limit`.
        if (window) {
          for (const { at } of sends) {
            const inSpan = sends.filter((s) => s.at >= at - window.intervalMs && s.at <= at);
            expect(inSpan.reduce((sum, s) => sum + s.cost, 0)).toBeLessThanOrEqual(window.limit);
          }
        }
        // Arrival order is release order.
        expect(released).toEqual([...released].sort((a, b) => a - b));
        // Every wait settles within its time to live, and then no timer is left.
        await clock.advance(ttlMs + 1);
        await ticks();
        expect(unsettled.size).toBe(0);
        expect(limiter.status().queueSize).toBe(0);
        expect(clock.pending).toBe(0);
        limiter.close();
      }),
      { numRuns: 150 },
    );
  });
});
