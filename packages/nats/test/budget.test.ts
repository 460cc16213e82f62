// The shared rate budget: many processes (here: separate NATS connections) taking from one bucket in KV.
import { RequestError } from '@zen-websocket/core';
import { createSharedBudget } from '@zen-websocket/nats';
import { describe, expect, it } from 'vitest';
import { later, natsConnection, natsServer } from './helpers.js';

describe('createSharedBudget', () => {
  it('never grants more than the capacity, however many takers race for it', async () => {
    const server = await natsServer();
    const capacity = 15;
    const budgets = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const nats = await natsConnection(server);
        // no refill: whatever is granted comes out of the one shared bucket. The queue's time to live is the time
        // the 15 grants may take (6 takers racing on one KV entry): 1.5 s granted only 10 under load (1 of 7 runs)
        const budget = await createSharedBudget({ nats, key: 'ip-1', capacity, refillRate: 0, queue: { ttlMs: 5000 } });
        later(async () => budget.close());
        return budget;
      }),
    );
    const outcomes = await Promise.allSettled(
      budgets.flatMap((budget) => Array.from({ length: 8 }, (_, i) => budget.acquire({ n: i }))),
    );
    const granted = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(granted).toBe(capacity);
    for (const o of outcomes)
      if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'request_timeout', sent: false });
    expect(await budgets[0]?.tokens()).toBe(0);
  });

  it('refills: a taker waits for the next refill instead of failing', async () => {
    const server = await natsServer();
    const nats = await natsConnection(server);
    const budget = await createSharedBudget({ nats, key: 'ip-2', capacity: 2, refillRate: 1, refillInterval: 100 });
    later(async () => budget.close());
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => budget.take({ n })?.then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]); // FIFO
    expect(await budget.tokens()).toBeLessThanOrEqual(2);
  });

  it('gates a client: close() rejects what waits, typed and not sent', async () => {
    const server = await natsServer();
    const nats = await natsConnection(server);
    const budget = await createSharedBudget({ nats, key: 'ip-3', capacity: 1, refillRate: 0 });
    await budget.acquire('first');
    const waiting = budget.acquire('second').catch((e: unknown) => e);
    budget.close();
    const error = await waiting;
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: 'closed', sent: false });
    expect(budget.tryAcquire('third')).toBe(false);
  });
});
