// 20 processes on one "IP" share one rate budget kept in NATS KV (createSharedBudget) and together never exceed
// the venue's limit. The venue is the Binance simulator: its REQUEST_WEIGHT limit counts every WebSocket API
// request of every connection together (an IP limit), answers 429 above it and reports the running count in
// every reply's `rateLimits`. Each process opens its own connection and tries to send 12 `ping`s (weight 1):
// 240 wanted, twice the budget. The budget lets 120 through (its refill is one token a minute) and holds the
// rest back; with a budget per process instead of a shared one, all 240 would go and the venue would refuse
// some, which is what this test would catch. No timing: counts only.
import { type BinanceSimulator, type NatsServer, startBinanceSimulator, startNatsServer } from '@zen-websocket/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type Fixture, startFixture } from './harness.js';

const PROCESSES = 20;
const ATTEMPTS = 12;
/** The shared budget: 120 at once, then one more a minute. */
const CAPACITY = 120;
/** The venue's limit per minute: connecting costs 2, so 40 go to the 20 connections; 240 + 40 would exceed it. */
const WEIGHT_LIMIT = 200;

let nats: NatsServer | undefined;
let sim: BinanceSimulator | undefined;
const fixtures: Fixture[] = [];

beforeAll(() => {
  ensureBuilt();
}, 180_000);

afterAll(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.kill()));
  await Promise.all([nats?.stop(), sim?.stop()]);
});

describe('shared rate budget across processes', () => {
  it(`${PROCESSES} processes sharing one budget never exceed the venue's limit`, async () => {
    [nats, sim] = await Promise.all([
      startNatsServer({ websocket: false }),
      startBinanceSimulator({ feedIntervalMs: 0, pingIntervalMs: 0, weightLimit: WEIGHT_LIMIT }),
    ]);
    const config = {
      natsUrl: nats.url,
      apiUrl: sim.apiUrl,
      key: `binance-ip-${process.pid}`,
      capacity: CAPACITY,
      refillRate: 1,
      refillInterval: 60_000,
    };
    const spawnedAt = Date.now();
    for (let i = 0; i < PROCESSES; i++) fixtures.push(startFixture('budget.mjs', `bot-${i}`, config));
    await Promise.all(fixtures.map((f) => f.waitFor((r) => r.type === 'ready', 60_000, 'ready')));
    console.log(`${PROCESSES} processes ready in ${Date.now() - spawnedAt} ms`);

    // A waiter the budget cannot serve is refused after ttlMs; while tokens remain, each is served long before.
    for (const f of fixtures) f.send({ type: 'go', attempts: ATTEMPTS, ttlMs: 8000 });
    const done = await Promise.all(fixtures.map((f) => f.waitFor((r) => r.type === 'done', 60_000, 'done')));

    const total = (field: string) => done.reduce((n, r) => n + Number(r[field]), 0);
    const maxWeight = Math.max(...done.map((r) => Number(r.maxWeight)));
    const errors = fixtures.flatMap((f) => f.reports.filter((r) => r.type === 'error'));
    console.log(
      `${PROCESSES} processes wanted ${PROCESSES * ATTEMPTS}: ${total('sent')} sent, ${total('heldBack')} held back ` +
        `by the budget (${CAPACITY}), ${total('refused')} refused by the venue, its weight count at most ${maxWeight} of ${WEIGHT_LIMIT}`,
    );
    expect(errors).toEqual([]);
    // Nothing was refused by the venue, and its own count stayed within its limit.
    expect(total('refused')).toBe(0);
    expect(maxWeight).toBeLessThanOrEqual(WEIGHT_LIMIT);
    // Together the processes sent at most the budget (plus the one refill a slow run may see)…
    expect(total('sent')).toBeLessThanOrEqual(CAPACITY + 1);
    // …and it did grant tokens (a budget that refused everything would pass the lines above).
    expect(total('sent')).toBeGreaterThanOrEqual(CAPACITY / 2);
  }, 150_000);
});
