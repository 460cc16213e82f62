// Signing with the server's clock, over real sockets against the Bybit simulator with its clock skewed: the
// offset is measured with a ping before the first auth, so login and orders work 10 s either side; a timestamp
// refused by the trade API (10002) is a BybitClockSkewError, the order is not resent, and the next one is signed
// with the re-measured offset; an auth refused for its expiry after a reconnect is retried once; the offset can be
// pinned or turned off, strictly validated.
import { BybitClockSkewError, BybitError, type BybitOptions } from '@zen-websocket/bybit';
import { tradingSession } from '@zen-websocket/bybit/safety';
import { AuthError } from '@zen-websocket/core';
import type { BybitSimulator } from '@zen-websocket/testing';
import { describe, expect, it } from 'vitest';
import { bybit, KEYS, simulator } from './helpers.js';

const ORDER = { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '100' } as const;
/** How many frames with `op` the simulator received (on `kind` connections when given). */
const sent = (sim: BybitSimulator, op: string, kind?: string): number =>
  sim.received().filter((m) => m.data?.op === op && (kind === undefined || m.kind === kind)).length;

describe('Bybit signing clock', () => {
  for (const skew of [10_000, -10_000]) {
    it(`logs in and places an order with the server clock ${skew} ms off, reporting the offset`, async () => {
      const sim = await simulator({ clockSkewMs: skew });
      const client = await bybit(sim, KEYS);
      expect(Math.abs(client.clockOffsetMs - skew)).toBeLessThan(2000);
      const { orderId } = await client.createOrder(ORDER);
      expect(sim.openOrders().map((o) => o.orderId)).toEqual([orderId]);
      expect(sent(sim, 'order.create')).toBe(1);
    });
  }

  it('without syncTime signs with the local clock: login refused ahead, orders refused behind', async () => {
    const ahead = await simulator({ clockSkewMs: 10_000 });
    const error = await bybit(ahead, { ...KEYS, syncTime: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(String((error as Error).message)).toMatch(/clock/);

    const behind = await simulator({ clockSkewMs: -10_000 });
    const client = await bybit(behind, { ...KEYS, syncTime: false });
    expect(client.clockOffsetMs).toBe(0);
    const refused = (await client.createOrder(ORDER).catch((e: unknown) => e)) as BybitError;
    expect(refused).toBeInstanceOf(BybitError);
    expect(refused.retCode).toBe(10002);
    expect(behind.openOrders()).toEqual([]);
  });

  it('a 10002 is a BybitClockSkewError with the re-measured skew; the order is not resent; the next one passes', async () => {
    const sim = await simulator();
    const client = await bybit(sim, KEYS);
    expect(Math.abs(client.clockOffsetMs)).toBeLessThan(2000);
    sim.setClockSkew(-20_000);
    const error = (await client.createOrder(ORDER).catch((e: unknown) => e)) as BybitClockSkewError;
    expect(error).toBeInstanceOf(BybitClockSkewError);
    expect(error.retCode).toBe(10002);
    expect(Math.abs(error.skewMs + 20_000)).toBeLessThan(2000);
    expect(error.message).toMatch(/clock skew -\d+ ms/);
    expect(sent(sim, 'order.create')).toBe(1);
    expect(sim.openOrders()).toEqual([]);
    expect(Math.abs(client.clockOffsetMs + 20_000)).toBeLessThan(2000);
    await client.createOrder(ORDER);
    expect(sent(sim, 'order.create')).toBe(2);
    expect(sim.openOrders()).toHaveLength(1);
  });

  it('after a reconnect, an auth refused for its expiry is re-measured and retried once', async () => {
    const sim = await simulator();
    const client = await bybit(sim, KEYS);
    sim.setClockSkew(20_000);
    const ready = (c: typeof client.private) =>
      new Promise<void>((resolve) => c?.on('ready', ({ connections }) => connections > 1 && resolve()));
    const back = Promise.all([ready(client.private), ready(client.trade)]);
    await sim.drop('abnormal');
    await back;
    expect(sent(sim, 'auth', 'private')).toBe(3); // first login, the refused one, the retry
    expect(sent(sim, 'auth', 'trade')).toBe(3);
    expect(Math.abs(client.clockOffsetMs - 20_000)).toBeLessThan(2000);
    await client.createOrder(ORDER);
    expect(sim.openOrders()).toHaveLength(1);
  });

  it('a pinned clockOffsetMs is used as given and never measured; syncTime() measures on demand', async () => {
    const sim = await simulator({ clockSkewMs: 10_000 });
    const client = await bybit(sim, { ...KEYS, clockOffsetMs: 10_000 });
    expect(client.clockOffsetMs).toBe(10_000);
    expect(sent(sim, 'ping', 'private') + sent(sim, 'ping', 'trade')).toBe(0);
    await client.createOrder(ORDER);
    sim.setClockSkew(30_000);
    expect(Math.abs((await client.syncTime()) - 30_000)).toBeLessThan(2000);
    expect(Math.abs(client.clockOffsetMs - 30_000)).toBeLessThan(2000);
    await client.createOrder(ORDER);
    expect(sim.openOrders()).toHaveLength(2);

    const pub = await bybit(sim);
    await expect(pub.syncTime()).rejects.toThrow(/syncTime: no apiKey/);
  });

  it("a trading session's signed REST reads use the client's offset (reconciliation with the server 10 s behind)", async () => {
    const sim = await simulator({ clockSkewMs: -10_000 });
    const session = await tradingSession(await bybit(sim, KEYS), { ...KEYS, deadMansSwitch: false });
    expect(session.readyToTrade).toBe(true);
    expect((await session.reconcile()).open).toEqual([]);
    session.close();

    const local = await bybit(sim, { ...KEYS, syncTime: false });
    const refused = await tradingSession(local, { ...KEYS, deadMansSwitch: false }).catch((e: unknown) => e);
    expect(String(refused)).toMatch(/10002/);
  });

  it('rejects bad clock options with a typed error naming the option', async () => {
    const sim = await simulator();
    const bad = (options: Record<string, unknown>) => bybit(sim, options as BybitOptions).catch((e: unknown) => e);
    expect(await bad({ ...KEYS, syncTime: 'yes' })).toEqual(
      new TypeError('createBybitClient: options.syncTime must be true or false'),
    );
    expect(await bad({ ...KEYS, clockOffsetMs: Number.NaN })).toBeInstanceOf(RangeError);
    expect(String(await bad({ ...KEYS, clockOffsetMs: 1e9 }))).toMatch(/options.clockOffsetMs must be a number/);
    expect(String(await bad({ ...KEYS, clockOffsetMs: 5, syncTime: true }))).toMatch(
      /clockOffsetMs needs keys and no syncTime: true/,
    );
    expect(String(await bad({ clockOffsetMs: 5 }))).toMatch(/clockOffsetMs needs keys/);
    expect(String(await bad({ ...KEYS, syncTme: false }))).toMatch(/syncTime/);
  });
});
