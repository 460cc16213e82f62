// 20 processes on one "IP" share one rate budget kept in NATS KV (createSharedBudget) and together never exceed
// the venue's limit. The venue is the Binance simulator: its REQUEST_WEIGHT limit counts every WebSocket API
// request of every connection together (an IP limit), answers 429 above it and reports the running count in
// every reply's `rateLimits`. Each process opens its own connection and sends `ping` (weight 1) as fast as the
// budget allows until a common deadline. With a budget per process instead of a shared one, 20 × capacity would
// go out and the venue would refuse most of it; that is what this test would catch.
import { type BinanceSimulator, type NatsServer, startBinanceSimulator, startNatsServer } from '@zen-websocket/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type Fixture, startFixture } from './harness.js';

const PROCESSES = 20;
/** The venue's limit per minute (connecting costs 2 per connection, so 40 of it go to the 20 connections). */
const WEIGHT_LIMIT = 260;
/** The shared budget: a burst of 120, then 20 more a second. */
const CAPACITY = 120;
const REFILL = 20;
const REFILL_MS = 1000;
const RUN_MS = 3000;

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
      refillRate: REFILL,
      refillInterval: REFILL_MS,
    };
    const spawnedAt = Date.now();
    for (let i = 0; i < PROCESSES; i++) fixtures.push(startFixture('budget.mjs', `bot-${i}`, config));
    await Promise.all(fixtures.map((f) => f.waitFor((r) => r.type === 'ready', 60_000, 'ready')));
    console.log(`${PROCESSES} processes ready in ${Date.now() - spawnedAt} ms`);

    const until = Date.now() + RUN_MS;
    for (const f of fixtures) f.send({ type: 'go', until });
    const done = await Promise.all(fixtures.map((f) => f.waitFor((r) => r.type === 'done', RUN_MS + 20_000, 'done')));

    const sent = done.reduce((n, r) => n + Number(r.sent), 0);
    const refused = done.reduce((n, r) => n + Number(r.refused), 0);
    const maxWeight = Math.max(...done.map((r) => Number(r.maxWeight)));
    const errors = fixtures.flatMap((f) => f.reports.filter((r) => r.type === 'error'));
    console.log(
      `${PROCESSES} processes: ${sent} requests in ${RUN_MS} ms (budget ${CAPACITY} + ${REFILL}/${REFILL_MS} ms), ` +
        `highest venue weight count ${maxWeight} of ${WEIGHT_LIMIT}, ${refused} refused`,
    );
    expect(errors).toEqual([]);
    // Nothing was refused by the venue, and its own count stayed under its limit.
    expect(refused).toBe(0);
    expect(maxWeight).toBeLessThanOrEqual(WEIGHT_LIMIT);
    // The budget held the total to its burst plus the refills of the run (one refill of slack for the edges)…
    expect(sent).toBeLessThanOrEqual(CAPACITY + REFILL * (Math.ceil(RUN_MS / REFILL_MS) + 1));
    // …while the demand was well above it: the burst was used up and the processes waited for tokens.
    expect(sent).toBeGreaterThanOrEqual(CAPACITY);
    expect(done.filter((r) => Number(r.waited) > 0).length).toBeGreaterThan(PROCESSES / 2);
  }, 90_000);
});
