// The rate limiter on a fake clock: accounting, the strict window, the queue (order, overflow, time to live,
// abort, close), pressure levels, status values, telemetry and the generic cost function (the venues' costs and presets are
// tested in their packages).
import { createFakeClock } from '@zen-websocket/testing/fakes';
import { describe, expect, it } from 'vitest';
import { RequestError, Telemetry, type TelemetryEvents } from '../src/index.js';
import { createRateLimiter, pressureLevel, type RateLimiterOptions, simpleCost } from '../src/limiter/index.js';

function setup(options: Partial<RateLimiterOptions> = {}) {
  const clock = createFakeClock();
  const bus = new Telemetry();
  const limiter = createRateLimiter({
    capacity: 3,
    refillRate: 1,
    refillInterval: 1000,
    clock,
    telemetry: bus,
    ...options,
  });
  return { clock, bus, limiter };
}

/** Records every payload of `name` on `bus`. */
function record<K extends keyof TelemetryEvents>(bus: Telemetry, name: K): Array<TelemetryEvents[K]> {
  const seen: Array<TelemetryEvents[K]> = [];
  bus.on(name, (payload) => seen.push(payload));
  return seen;
}

/** Settles `promise` into a value we can inspect without awaiting it. */
function watch(promise: Promise<void> | undefined) {
  const state: { done: boolean; error: unknown } = { done: promise === undefined, error: undefined };
  promise?.then(
    () => {
      state.done = true;
    },
    (error: unknown) => {
      state.error = error;
    },
  );
  return state;
}

async function expectRefused(promise: Promise<unknown> | undefined, code: string) {
  const error = await promise?.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RequestError);
  expect(error).toMatchObject({ code, sent: false, outcome: 'not_sent' });
}

describe('token bucket', () => {
  it('lets a full bucket go at once with no promise, then waits for whole refill steps', async () => {
    const { clock, limiter } = setup();
    expect([limiter.take('a'), limiter.take('b'), limiter.take('c')]).toEqual([undefined, undefined, undefined]);
    const fourth = watch(limiter.take('d'));
    expect(fourth.done).toBe(false);
    await clock.advance(999);
    expect(fourth.done).toBe(false);
    await clock.advance(1);
    expect(fourth.done).toBe(true);
    expect(limiter.status().tokens).toBe(0);
  });

  it('drains exactly as many tokens as concurrent consumers take, and queues the rest', async () => {
    const { limiter } = setup({ capacity: 1000, refillRate: 1000, queue: { maxSize: 10 } });
    const results = await Promise.all(Array.from({ length: 1000 }, () => limiter.acquire('x').then(() => 'ok')));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1000);
    expect(limiter.status()).toMatchObject({ tokens: 0, queueSize: 0 });
    expect(limiter.tryAcquire('x')).toBe(false);
    const waiting = watch(limiter.take('x'));
    expect(limiter.status().queueSize).toBe(1);
    expect(waiting.done).toBe(false);
    limiter.close();
  });

  it('never banks tokens above capacity however long it idles, and runs no timer while idle', async () => {
    const { clock, limiter } = setup({ capacity: 2, refillRate: 1 });
    expect(clock.pending).toBe(0);
    limiter.take('a');
    await clock.advance(60_000);
    expect(limiter.status().tokens).toBe(2);
    expect(clock.pending).toBe(0);
    limiter.take('a');
    limiter.take('b');
    const third = watch(limiter.take('c'));
    expect(clock.pending).toBe(1);
    await clock.advance(1000);
    expect(third.done).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('restarts refill steps when the bucket is full (time spent full earns nothing)', async () => {
    const { clock, limiter } = setup({ capacity: 1, refillRate: 1 });
    await clock.advance(950);
    limiter.take('a'); // full until now: the next step is a whole interval away
    await clock.advance(999);
    expect(limiter.status().tokens).toBe(0);
    await clock.advance(1);
    expect(limiter.status().tokens).toBe(1);
  });

  it('reports refills and consumption on telemetry', async () => {
    const { clock, bus, limiter } = setup({ name: 'venue' });
    const consumed = record(bus, 'rate_limiter.consume');
    const refills = record(bus, 'rate_limiter.refill');
    limiter.take('a');
    limiter.take('b');
    await clock.advance(1000);
    limiter.status();
    expect(consumed).toEqual([
      { tokensRemaining: 2, cost: 1, name: 'venue' },
      { tokensRemaining: 1, cost: 1, name: 'venue' },
    ]);
    expect(refills).toEqual([{ tokensBefore: 1, tokensAfter: 2, refillRate: 1, name: 'venue' }]);
  });

  it('tryAcquire never waits and never jumps the queue', async () => {
    const { clock, limiter } = setup({ capacity: 1 });
    expect(limiter.tryAcquire('a')).toBe(true);
    expect(limiter.tryAcquire('b')).toBe(false);
    const queued = watch(limiter.take('c'));
    await clock.advance(1000);
    expect(queued.done).toBe(true);
    await clock.advance(1000);
    expect(limiter.tryAcquire('d')).toBe(true);
  });
});

describe('FIFO queue', () => {
  it('releases in arrival order, even when a cheaper message behind could fit earlier', async () => {
    const { clock, limiter } = setup({ capacity: 3, refillRate: 1, cost: (m) => Number(m) });
    limiter.take(3);
    const order: string[] = [];
    limiter.take(3)?.then(() => order.push('big'));
    limiter.take(1)?.then(() => order.push('small'));
    await clock.advance(2000);
    expect(order).toEqual([]);
    await clock.advance(1000);
    expect(order).toEqual(['big']);
    await clock.advance(1000);
    expect(order).toEqual(['big', 'small']);
  });

  it('refuses a message when the queue is full: overflow, not sent, with queue_full telemetry', async () => {
    const { bus, limiter } = setup({ capacity: 1, queue: { maxSize: 2 } });
    const full = record(bus, 'rate_limiter.queue_full');
    limiter.take('a');
    limiter.take('b')?.catch(() => undefined);
    limiter.take('c')?.catch(() => undefined);
    await expectRefused(limiter.take('d'), 'overflow');
    expect(full).toEqual([{ queueSize: 2, maxQueue: 2, cost: 1, name: 'rate_limiter' }]);
    limiter.close();
  });

  it('with no queue, refuses at once what cannot go now', async () => {
    const { limiter } = setup({ capacity: 1, queue: false });
    expect(limiter.take('a')).toBeUndefined();
    await expectRefused(limiter.take('b'), 'overflow');
  });

  it('expires a message after its time to live, and the rest keep their place', async () => {
    const { clock, limiter } = setup({ capacity: 1, refillInterval: 1000, queue: { ttlMs: 1500 } });
    limiter.take('a');
    const first = watch(limiter.take('b'));
    const late = limiter.acquire('c', { ttlMs: 500 });
    const lateError = late.catch((e: unknown) => e);
    const third = watch(limiter.take('d'));
    await clock.advance(500);
    expect(await lateError).toMatchObject({ code: 'request_timeout', sent: false });
    await clock.advance(500);
    expect(first.done).toBe(true);
    await clock.advance(500);
    expect(third.error).toMatchObject({ code: 'request_timeout', sent: false });
    expect(limiter.status().queueSize).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('takes an aborted wait out of the queue; the one behind moves up', async () => {
    const { clock, limiter } = setup({ capacity: 2, refillRate: 2, cost: (m) => Number(m) });
    limiter.take(2);
    const controller = new AbortController();
    const big = limiter.acquire(2, { signal: controller.signal });
    const small = watch(limiter.take(1));
    controller.abort(new Error('user'));
    await expectRefused(big, 'aborted');
    await clock.advance(1000);
    expect(small.done).toBe(true);
    await expectRefused(limiter.acquire(1, { signal: AbortSignal.abort() }), 'aborted');
  });

  it('close() rejects everything queued, clears its timer and refuses later calls', async () => {
    const { clock, limiter } = setup({ capacity: 1 });
    limiter.take('a');
    const queued = [limiter.take('b'), limiter.take('c')];
    expect(clock.pending).toBe(1);
    limiter.close();
    limiter.close();
    for (const p of queued) await expectRefused(p, 'closed');
    expect(clock.pending).toBe(0);
    await expectRefused(limiter.take('d'), 'closed');
    await expectRefused(limiter.acquire('d'), 'closed');
    expect(limiter.tryAcquire('d')).toBe(false);
  });
});

describe('strict rolling window', () => {
  it('never lets more than `limit` go in any span, with no burst at the window edge', async () => {
    const { clock, limiter } = setup({
      capacity: 100,
      refillRate: 100,
      window: { limit: 5, intervalMs: 1000 },
      queue: { maxSize: 100, ttlMs: 60_000 },
    });
    const sent: number[] = [];
    for (let i = 0; i < 12; i++) {
      const wait = limiter.take(i);
      if (wait) wait.then(() => sent.push(clock.now()));
      else sent.push(clock.now());
    }
    await clock.advance(5000);
    expect(sent).toEqual([0, 0, 0, 0, 0, 1001, 1001, 1001, 1001, 1001, 2002, 2002]);
    for (const t of sent) expect(sent.filter((u) => u >= t - 1000 && u <= t).length).toBeLessThanOrEqual(5);
  });

  it('spaced sends: the sixth waits until the first leaves the window', async () => {
    const { clock, limiter } = setup({ capacity: 100, refillRate: 100, window: { limit: 5, intervalMs: 1000 } });
    for (let i = 0; i < 5; i++) {
      expect(limiter.take(i)).toBeUndefined();
      await clock.advance(100);
    }
    const sixth = watch(limiter.take(5));
    // A new message would queue behind the sixth: it needs the second send (t = 100) to leave, at 1101.
    expect(limiter.status()).toMatchObject({ windowUsed: 5, windowLimit: 5, queueSize: 1, suggestedDelayMs: 601 });
    await clock.advance(500);
    expect(sixth.done).toBe(false);
    await clock.advance(1);
    expect(sixth.done).toBe(true);
  });

  it('a long run through a large window: every send matches a plain count of the last span', () => {
    // Thousands of entries leave the window (in bulk, inside it): each decision is checked against the sends a
    // direct count finds within the span (ends included), so a cut-off in the wrong place would show.
    const span = 1000;
    const window = { limit: 300, intervalMs: span };
    let time = 0; // tryAcquire never waits, so a plain clock is enough (no timers)
    const clock = { now: () => time, setTimeout: () => 0, clearTimeout: () => {} };
    const limiter = createRateLimiter({ capacity: 1e6, refillRate: 1e6, window, clock, cost: (m) => m as number });
    const sends: Array<[time: number, cost: number]> = [];
    let first = 0; // the oldest send within the span, found by walking forward (times only grow)
    let inSpan = 0;
    const count = (now: number) => {
      for (; first < sends.length && now - (sends[first] as [number, number])[0] > span; first++)
        inSpan -= (sends[first] as [number, number])[1];
      return inSpan;
    };
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const cost = 1 + (seed % 3);
      const fits = count(clock.now()) + cost <= window.limit;
      expect(limiter.tryAcquire(cost), `send ${i} at ${clock.now()}`).toBe(fits);
      if (fits) {
        sends.push([clock.now(), cost]);
        inSpan += cost;
      }
      time += seed % 5;
    }
    expect(limiter.status().windowUsed).toBe(count(clock.now()));
    expect(sends.length).toBeGreaterThan(5000); // the window filled and emptied many times over
  });
});

describe('status and pressure', () => {
  it('pressureLevel thresholds', () => {
    expect(pressureLevel(0, 0, 100)).toBe('low');
    expect(pressureLevel(0.49, 0, 100)).toBe('low');
    expect(pressureLevel(0.5, 0, 100)).toBe('medium');
    expect(pressureLevel(0.9, 0, 100)).toBe('high');
    expect(pressureLevel(0.2, 1, 100)).toBe('high');
    expect(pressureLevel(1, 74, 100)).toBe('high');
    expect(pressureLevel(1, 75, 100)).toBe('critical');
    expect(pressureLevel(1, 0, 0)).toBe('high');
  });

  it('moves low → medium → high → critical and back, with real status values and telemetry', async () => {
    const { clock, bus, limiter } = setup({ capacity: 10, refillRate: 10, queue: { maxSize: 4, ttlMs: 60_000 } });
    const changes = record(bus, 'rate_limiter.pressure');
    expect(limiter.status()).toEqual({
      tokens: 10,
      capacity: 10,
      windowUsed: 0,
      windowLimit: Number.POSITIVE_INFINITY,
      queueSize: 0,
      pressureLevel: 'low',
      suggestedDelayMs: 0,
    });
    for (let i = 0; i < 5; i++) limiter.take(i);
    expect(limiter.status().pressureLevel).toBe('medium');
    for (let i = 0; i < 5; i++) limiter.take(i);
    expect(limiter.status()).toMatchObject({ tokens: 0, pressureLevel: 'high', suggestedDelayMs: 1000 });
    const waiting = [limiter.take('q1'), limiter.take('q2'), limiter.take('q3')];
    expect(limiter.status()).toMatchObject({ queueSize: 3, pressureLevel: 'critical', suggestedDelayMs: 1000 });
    await clock.advance(1000);
    await Promise.all(waiting);
    expect(limiter.status()).toMatchObject({ tokens: 7, queueSize: 0, pressureLevel: 'low' });
    expect(changes.map((c) => c.level)).toEqual(['medium', 'high', 'critical', 'high', 'low']);
    expect(changes[2]).toEqual({ level: 'critical', previous: 'high', queueSize: 3, tokens: 0, name: 'rate_limiter' });
  });

  it('suggestedDelayMs counts the queue ahead', async () => {
    const { limiter } = setup({ capacity: 2, refillRate: 1, refillInterval: 1000 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c')?.catch(() => undefined);
    limiter.take('d')?.catch(() => undefined);
    expect(limiter.status().suggestedDelayMs).toBe(3000);
    limiter.close();
  });
});

describe('options and costs', () => {
  it('rejects bad options with errors that name them', () => {
    const make = (o: unknown) => () => createRateLimiter(o as RateLimiterOptions);
    expect(make(null)).toThrow(TypeError);
    expect(make({ capacity: 0, refillRate: 1 })).toThrow(/capacity must be a finite number > 0/);
    expect(make({ capacity: 1, refillRate: -1 })).toThrow(/refillRate/);
    expect(make({ capacity: 1, refillRate: 1, window: { limit: 0, intervalMs: 1 } })).toThrow(/window.limit/);
    expect(make({ capacity: 1, refillRate: 1, queue: { maxSize: 1.5 } })).toThrow(/queue.maxSize/);
    expect(make({ capacity: 1, refillRate: 1, cost: 5 })).toThrow(/cost must be a function/);
    expect(make({ capacity: 1, refillRate: 1, burst: 5 })).toThrow(/unknown option "burst"/);
  });

  it('throws at once for a cost that can never be sent or is not a number', () => {
    const { limiter } = setup({ capacity: 3, cost: (m) => m as number, window: { limit: 2, intervalMs: 1000 } });
    expect(() => limiter.take(3)).toThrow(/can never be sent/);
    expect(() => limiter.take(-1)).toThrow(/finite number >= 0/);
    expect(() => limiter.tryAcquire(Number.NaN)).toThrow(RangeError);
    expect(limiter.take(0)).toBeUndefined();
  });

  it('simpleCost: one per message', () => {
    expect(simpleCost('x')).toBe(1);
    expect(simpleCost({ ping: '' })).toBe(1);
  });
});
