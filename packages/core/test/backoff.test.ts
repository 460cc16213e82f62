import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BackoffPolicy, backoffCeiling, backoffDelay } from '../src/backoff.js';

const ORIGINAL: BackoffPolicy = { base: 1000, cap: 30000 };

/** A policy as resolveOptions allows it: positive finite base, cap ≥ base. */
const policyArb: fc.Arbitrary<BackoffPolicy> = fc
  .tuple(fc.double({ min: Number.MIN_VALUE, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }))
  .map(([base, extra]) => ({ base, cap: base + extra }));

const attemptArb = fc.integer({ min: 0, max: 2000 });
const randomArb = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('backoffCeiling', () => {
  it.each([
    [0, 1000],
    [1, 2000],
    [2, 4000],
    [3, 8000],
    [4, 16000],
    [5, 30000],
    [6, 30000],
    [10, 30000],
  ])('matches the original library for attempt %i → %i ms', (attempt, expected) => {
    expect(backoffCeiling(attempt, ORIGINAL)).toBe(expected);
  });

  it.each([1024, 1e6, Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY])(
    'returns the cap for a huge attempt (%d) even though 2^attempt overflows',
    (attempt) => {
      expect(backoffCeiling(attempt, ORIGINAL)).toBe(30000);
    },
  );

  it.each([-1, -0.5, -1e9, Number.NEGATIVE_INFINITY, Number.NaN])('returns 0 for attempt %d', (attempt) => {
    expect(backoffCeiling(attempt, ORIGINAL)).toBe(0);
  });

  it('uses the policy, not fixed numbers', () => {
    expect(backoffCeiling(0, { base: 250, cap: 10_000 })).toBe(250);
    expect(backoffCeiling(3, { base: 250, cap: 10_000 })).toBe(2000);
    expect(backoffCeiling(6, { base: 250, cap: 10_000 })).toBe(10_000);
    expect(backoffCeiling(0, { base: 500, cap: 500 })).toBe(500);
    expect(backoffCeiling(4, { base: 500, cap: 500 })).toBe(500);
  });

  it('property: equals min(cap, base·2^attempt) for small attempts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), policyArb, (attempt, policy) => {
        expect(backoffCeiling(attempt, policy)).toBe(Math.min(policy.cap, policy.base * 2 ** attempt));
      }),
    );
  });

  it('property: never exceeds the cap and is never negative', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), policyArb, (attempt, policy) => {
        const ceiling = backoffCeiling(attempt, policy);
        expect(ceiling).toBeLessThanOrEqual(policy.cap);
        expect(ceiling).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('property: monotonic non-decreasing in attempt (integers, fractions and negatives)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), policyArb, (a, b, policy) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(backoffCeiling(lo, policy)).toBeLessThanOrEqual(backoffCeiling(hi, policy));
      }),
    );
    fc.assert(
      fc.property(attemptArb, policyArb, (attempt, policy) => {
        expect(backoffCeiling(attempt, policy)).toBeLessThanOrEqual(backoffCeiling(attempt + 1, policy));
      }),
    );
  });
});

describe('backoffDelay', () => {
  it('is floor(ceiling × random)', () => {
    expect(backoffDelay(0, ORIGINAL, 0)).toBe(0);
    expect(backoffDelay(0, ORIGINAL, 0.5)).toBe(500);
    expect(backoffDelay(3, ORIGINAL, 0.5)).toBe(4000);
    expect(backoffDelay(3, ORIGINAL, 0.12345)).toBe(987);
    expect(backoffDelay(10, ORIGINAL, 0.5)).toBe(15000);
  });

  it('stays strictly below the ceiling for the largest random below 1', () => {
    const almostOne = 1 - Number.EPSILON / 2;
    expect(backoffDelay(0, ORIGINAL, almostOne)).toBe(999);
    expect(backoffDelay(5, ORIGINAL, almostOne)).toBe(29999);
  });

  it.each([1, 1.5, 2, -0.1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'treats out-of-range random %d as 0',
    (random) => {
      expect(backoffDelay(3, ORIGINAL, random)).toBe(0);
    },
  );

  it('is 0 for negative or NaN attempts whatever the random', () => {
    expect(backoffDelay(-1, ORIGINAL, 0.9)).toBe(0);
    expect(backoffDelay(Number.NaN, ORIGINAL, 0.9)).toBe(0);
  });

  it('property: an integer in [0, ceiling) for random in [0, 1), and 0 ≤ delay ≤ cap', () => {
    fc.assert(
      fc.property(attemptArb, policyArb, randomArb, (attempt, policy, random) => {
        const ceiling = backoffCeiling(attempt, policy);
        const delay = backoffDelay(attempt, policy, random);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(policy.cap);
        if (ceiling > 0) expect(delay).toBeLessThan(ceiling);
        else expect(delay).toBe(0);
      }),
    );
  });

  it('property: equals Math.floor(ceiling × random) for in-range random', () => {
    fc.assert(
      fc.property(attemptArb, policyArb, randomArb, (attempt, policy, random) => {
        expect(backoffDelay(attempt, policy, random)).toBe(Math.floor(backoffCeiling(attempt, policy) * random));
      }),
    );
  });

  it('property: out-of-range random is treated as 0', () => {
    const outOfRange = fc.oneof(
      fc.double({ min: 1, noNaN: true }),
      fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
      fc.constant(Number.NaN),
    );
    fc.assert(
      fc.property(attemptArb, policyArb, outOfRange, (attempt, policy, random) => {
        expect(backoffDelay(attempt, policy, random)).toBe(0);
      }),
    );
  });

  it('property: non-decreasing in random for a fixed attempt', () => {
    fc.assert(
      fc.property(attemptArb, policyArb, randomArb, randomArb, (attempt, policy, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(backoffDelay(attempt, policy, lo)).toBeLessThanOrEqual(backoffDelay(attempt, policy, hi));
      }),
    );
  });
});
