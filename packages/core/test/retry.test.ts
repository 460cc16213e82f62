// The retry policy alone: pure, so every branch is checked with pinned random draws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRetry, type RetrySettings } from '../src/retry.js';

const settings: RetrySettings = {
  reconnectOnError: true,
  retryCount: 3,
  retryDelay: 1000,
  maxBackoff: 30_000,
  firstRetrySpread: 1000,
};

describe('planRetry', () => {
  it('the first retry after an open connection comes within firstRetrySpread', () => {
    expect(planRetry({ decision: 'retry', wasOpen: true, failures: 0 }, settings, () => 0.3)).toEqual({
      retry: true,
      attempt: 1,
      delay: 300,
    });
    expect(
      planRetry({ decision: 'retry', wasOpen: true, failures: 0 }, { ...settings, firstRetrySpread: 0 }, () => 0.9),
    ).toMatchObject({ delay: 0 });
  });

  it('later retries, first connects and backoff decisions climb the ladder', () => {
    expect(planRetry({ decision: 'retry', wasOpen: false, failures: 0 }, settings, () => 0.5)).toMatchObject({
      attempt: 1,
      delay: 500,
    });
    expect(planRetry({ decision: 'retry', wasOpen: true, failures: 2 }, settings, () => 0.5)).toMatchObject({
      attempt: 3,
      delay: 2000,
    });
    expect(planRetry({ decision: 'backoff', wasOpen: true, failures: 0 }, settings, () => 0)).toMatchObject({
      delay: 500,
    });
  });

  it('gives up: fatal, reconnectOnError off, or the budget spent (exhausted)', () => {
    const never = () => {
      throw new Error('no draw when giving up');
    };
    expect(planRetry({ decision: 'fatal', wasOpen: true, failures: 0 }, settings, never)).toEqual({
      retry: false,
      exhausted: false,
    });
    expect(
      planRetry({ decision: 'retry', wasOpen: true, failures: 0 }, { ...settings, reconnectOnError: false }, never),
    ).toEqual({ retry: false, exhausted: false });
    expect(planRetry({ decision: 'retry', wasOpen: false, failures: 3 }, settings, never)).toEqual({
      retry: false,
      exhausted: true,
    });
    expect(
      planRetry({ decision: 'retry', wasOpen: false, failures: 0 }, { ...settings, retryCount: 0 }, never),
    ).toEqual({ retry: false, exhausted: false });
  });

  it('property: delays are whole, never negative and never above maxBackoff', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('retry' as const, 'backoff' as const),
        fc.boolean(),
        fc.integer({ min: 0, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (decision, wasOpen, failures, r) => {
          const plan = planRetry({ decision, wasOpen, failures }, { ...settings, retryCount: 100 }, () => r);
          if (!plan.retry) throw new Error('expected a retry');
          expect(Number.isInteger(plan.delay)).toBe(true);
          expect(plan.delay).toBeGreaterThanOrEqual(0);
          expect(plan.delay).toBeLessThanOrEqual(settings.maxBackoff);
        },
      ),
    );
  });
});
