// The reserved share of a rate budget: cancels (priority messages) go at once while other traffic queues,
// the two halves never exceed the venue's budget together, and priority messages wait only behind each other.
import { createReservedLimiter } from '@zen-websocket/core/limiter';
import { createFakeClock } from '@zen-websocket/testing/fakes';
import { describe, expect, it } from 'vitest';

const cancel = { method: 'private/cancel' };
const order = { method: 'private/buy' };
const isCancel = (m: unknown) => (m as { method?: string }).method === 'private/cancel';

function limiter() {
  const clock = createFakeClock();
  const l = createReservedLimiter(
    { capacity: 10, refillRate: 10, refillInterval: 1000, clock, queue: { maxSize: 100, ttlMs: 60_000 } },
    { share: 0.2, priority: isCancel },
  );
  return { clock, l };
}

describe('createReservedLimiter', () => {
  it('keeps a share for cancels: with other traffic queued, a cancel still goes at once', () => {
    const { l } = limiter();
    const sent = Array.from({ length: 8 }, () => l.take(order));
    expect(sent.every((x) => x === undefined)).toBe(true);
    const queued = l.take(order);
    expect(queued).toBeInstanceOf(Promise);
    expect(l.take(cancel)).toBeUndefined();
    expect(l.take(cancel)).toBeUndefined();
    expect(l.status()).toMatchObject({ capacity: 10, queueSize: 1 });
    l.close();
    queued?.catch(() => {});
  });

  it('never lets the two halves together exceed the budget; a cancel beyond the reserve waits only behind cancels', async () => {
    const { clock, l } = limiter();
    for (let i = 0; i < 8; i++) l.take(order);
    l.take(cancel);
    l.take(cancel);
    expect(l.status().tokens).toBe(0);
    const order9 = l.take(order);
    const cancel3 = l.take(cancel);
    expect(cancel3).toBeInstanceOf(Promise);
    const done: string[] = [];
    cancel3?.then(() => done.push('cancel'));
    order9?.then(() => done.push('order'));
    await clock.advance(1000);
    expect(done.sort()).toEqual(['cancel', 'order']);
    l.close();
  });

  it('uses the rest of the budget for a cancel when the reserve is empty and nothing waits', () => {
    const { l } = limiter();
    expect([l.take(cancel), l.take(cancel), l.take(cancel)]).toEqual([undefined, undefined, undefined]);
    expect(l.status().tokens).toBe(7);
    l.close();
  });

  it('a misspelt option names it and the nearest valid one, in the budget and in the reserve', () => {
    expect(() =>
      createReservedLimiter({ capacity: 10, refilRate: 1 } as never, { share: 0.2, priority: isCancel }),
    ).toThrow(/refilRate.*refillRate/s);
    expect(() =>
      createReservedLimiter({ capacity: 10, refillRate: 1 }, { shar: 0.2, priority: isCancel } as never),
    ).toThrow(/shar.*share/s);
  });

  it('rejects a share outside (0, 1) and a missing priority function with clear errors', () => {
    expect(() => createReservedLimiter({ capacity: 10, refillRate: 1 }, { share: 1.5, priority: isCancel })).toThrow(
      RangeError,
    );
    expect(() =>
      createReservedLimiter({ capacity: 10, refillRate: 1 }, { share: 0.2 } as unknown as Parameters<
        typeof createReservedLimiter
      >[1]),
    ).toThrow(/priority/);
  });
});
