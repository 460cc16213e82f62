import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyBuffer } from '../src/latency.js';

function filled(size: number, samples: readonly number[]): LatencyBuffer {
  const buffer = new LatencyBuffer(size);
  for (const sample of samples) buffer.add(sample);
  return buffer;
}

/** Reference percentile: sort, index round(p/100·(n−1)) with halves rounded up. */
function reference(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.floor((p / 100) * (sorted.length - 1) + 0.5);
  return sorted[index] as number;
}

describe('LatencyBuffer', () => {
  it('has no summary while empty', () => {
    expect(new LatencyBuffer(10).summary()).toBeNull();
  });

  it('[10, 20, 30] → p50 = 20', () => {
    expect(filled(10, [10, 20, 30]).summary()).toEqual({ p50: 20, p99: 30, last: 30, count: 3 });
  });

  it('[10, 20, 30, 40] → p50 = 30 (index 1.5 rounds half up)', () => {
    expect(filled(10, [10, 20, 30, 40]).summary()).toEqual({ p50: 30, p99: 40, last: 40, count: 4 });
  });

  it('1..100 → p99 = 99, p50 = 51', () => {
    const buffer = filled(
      100,
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    expect(buffer.summary()).toEqual({ p50: 51, p99: 99, last: 100, count: 100 });
  });

  it('sorts unsorted input and reports the most recent sample as last', () => {
    const buffer = filled(10, [40, 10, 30, 20]);
    expect(buffer.summary()).toEqual({ p50: 30, p99: 40, last: 20, count: 4 });
  });

  it('evicts the oldest sample at capacity (FIFO)', () => {
    const buffer = filled(3, [1, 2, 3, 4, 5]);
    expect(buffer.summary()).toEqual({ p50: 4, p99: 5, last: 5, count: 3 });
  });

  it('evicts by arrival order, not by value', () => {
    // The largest value arrives first and must be the first to go.
    const buffer = filled(3, [100, 1, 2, 3]);
    expect(buffer.summary()).toEqual({ p50: 2, p99: 3, last: 3, count: 3 });
    buffer.add(50);
    expect(buffer.summary()).toEqual({ p50: 3, p99: 50, last: 50, count: 3 });
  });

  it.each([-1, -0.001, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'ignores the sample %d',
    (bad) => {
      const buffer = filled(3, [5, 6]);
      buffer.add(bad);
      expect(buffer.summary()).toEqual({ p50: 6, p99: 6, last: 6, count: 2 });
    },
  );

  it('ignores invalid samples in an empty buffer', () => {
    const buffer = filled(3, [-1, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(buffer.summary()).toBeNull();
  });

  it('accepts a zero sample', () => {
    expect(filled(3, [0]).summary()).toEqual({ p50: 0, p99: 0, last: 0, count: 1 });
  });

  it('size 1 holds just the latest sample', () => {
    const buffer = filled(1, [10, 20, 5]);
    expect(buffer.summary()).toEqual({ p50: 5, p99: 5, last: 5, count: 1 });
  });

  it('property: p50 ≤ p99, both within min/max of the last `size` samples, count = min(n, size)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (size, samples) => {
          const summary = filled(size, samples).summary();
          const window = samples.slice(-size);
          expect(summary).not.toBeNull();
          if (summary === null) return;
          expect(summary.p50).toBeLessThanOrEqual(summary.p99);
          expect(summary.p50).toBeGreaterThanOrEqual(Math.min(...window));
          expect(summary.p99).toBeLessThanOrEqual(Math.max(...window));
          expect(summary.count).toBe(Math.min(samples.length, size));
          expect(summary.last).toBe(samples[samples.length - 1]);
        },
      ),
    );
  });

  it('property: matches a sort-and-index reference over the last `size` valid samples', () => {
    const sample = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 10_000 }) },
      { weight: 1, arbitrary: fc.constantFrom(-1, Number.NaN, Number.POSITIVE_INFINITY) },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(sample, { maxLength: 100 }), (size, samples) => {
        const buffer = filled(size, samples);
        const valid = samples.filter((s) => s >= 0 && Number.isFinite(s));
        const window = valid.slice(-size);
        if (window.length === 0) {
          expect(buffer.summary()).toBeNull();
          return;
        }
        expect(buffer.summary()).toEqual({
          p50: reference(window, 50),
          p99: reference(window, 99),
          last: window[window.length - 1],
          count: window.length,
        });
      }),
    );
  });
});
