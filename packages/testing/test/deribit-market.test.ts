/**
 * The Deribit simulator to the standard of a bot: one book that a subscription's snapshot and changes
 * reproduce, ticker and trades that agree with it, and an account (positions, margin, 10009, user.changes,
 * user.portfolio, private/edit, stop orders), plus the idle close without a heartbeat.
 */
import { type DeribitSimulator, type DeribitSimulatorOptions, startDeribitSimulator } from '@zen-websocket/testing';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { type Json, openRpc } from './helpers/json-rpc-client.js';

const sims: DeribitSimulator[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function start(options: DeribitSimulatorOptions = {}): Promise<DeribitSimulator> {
  const sim = await startDeribitSimulator({ feedIntervalMs: 0, ...options });
  sims.push(sim);
  return sim;
}

async function authed(sim: DeribitSimulator) {
  const c = await openRpc(sim.url, sockets);
  const { clientId, clientSecret } = sim.credentials;
  await c.call('public/auth', { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  return c;
}

type Levels = Array<[number, number]>;

/** Applies Deribit book notifications (a snapshot, then `[action, price, amount]` changes) to a local book. */
function replay(notes: Json[]): { changeId: number; bids: Levels; asks: Levels } {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  let changeId = 0;
  for (const note of notes) {
    if (note.type === 'snapshot') {
      bids.clear();
      asks.clear();
    } else expect(note.prev_change_id).toBe(changeId); // continuity
    for (const [side, changes] of [
      [bids, note.bids],
      [asks, note.asks],
    ] as const) {
      for (const [action, price, amount] of changes as Array<[string, number, number]>) {
        if (action === 'delete') side.delete(price);
        else side.set(price, amount);
      }
    }
    changeId = note.change_id;
  }
  const sorted = (m: Map<number, number>, dir: 1 | -1): Levels => [...m].sort((a, b) => dir * (a[0] - b[0]));
  return { changeId, bids: sorted(bids, -1), asks: sorted(asks, 1) };
}

describe('one book, and a ticker and trades that agree with it', () => {
  it('snapshot + changes reproduce the simulator book, for random seeds and subscribe times', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 40 }),
        async (seed, before, after) => {
          const sim = await start({ seed });
          const c = await authed(sim);
          sim.tick(before);
          const channel = 'book.BTC-PERPETUAL.100ms';
          await c.call('public/subscribe', { channels: [channel, 'ticker.BTC-PERPETUAL.100ms'] });
          // A user order on the book too: the book is not only the simulated market maker's.
          await c.call('private/buy', { instrument_name: 'BTC-PERPETUAL', amount: 20, price: 60_000 });
          sim.tick(after);
          await c.call('public/test'); // every notification sent before it has arrived
          const local = replay(c.notes(channel));
          const own = sim.orderBook('BTC-PERPETUAL');
          expect(local).toEqual({ changeId: own.change_id, bids: own.bids, asks: own.asks });
          expect(own.bids[0]?.[0]).toBeLessThan(own.asks[0]?.[0] as number);
          const ticker = c.notes('ticker.BTC-PERPETUAL.100ms').at(-1);
          expect([ticker?.best_bid_price, ticker?.best_ask_price]).toEqual([own.bids[0]?.[0], own.asks[0]?.[0]]);
          await sim.stop();
        },
      ),
      { numRuns: 10 },
    );
  });

  it('trades happen at prices the book offered and set the ticker last price', async () => {
    const sim = await start();
    const c = await authed(sim);
    await c.call('public/subscribe', { channels: ['trades.BTC-PERPETUAL.raw', 'book.BTC-PERPETUAL.raw'] });
    for (let i = 0; i < 40 && c.notes('trades.BTC-PERPETUAL.raw').length === 0; i++) {
      sim.tick();
      await c.call('public/test');
    }
    const trades = c.notes('trades.BTC-PERPETUAL.raw').flat();
    expect(trades.length).toBeGreaterThan(0);
    const ticker = (await c.call('public/ticker', { instrument_name: 'BTC-PERPETUAL' })).result;
    expect(ticker.last_price).toBe(trades.at(-1)?.price);
  });
});

describe('an account a bot can trade', () => {
  it('keeps positions and margin, sends user.changes and user.portfolio, and refuses orders beyond the funds (10009)', async () => {
    const sim = await start({ balances: { BTC: 0.01, ETH: 1 } });
    const c = await authed(sim);
    const channels = ['user.changes.BTC-PERPETUAL.raw', 'user.portfolio.btc'];
    expect((await c.call('private/subscribe', { channels })).result).toEqual(channels);
    const bought = await c.call('private/buy', { instrument_name: 'BTC-PERPETUAL', amount: 100, type: 'market' });
    expect(bought.result.order).toMatchObject({ order_state: 'filled', filled_amount: 100 });
    const changes = await c.next((m) => m.params?.channel === channels[0] && m.params.data.trades.length > 0);
    expect(changes.params.data.positions[0]).toMatchObject({
      instrument_name: 'BTC-PERPETUAL',
      size: 100,
      direction: 'buy',
    });
    const portfolio = await c.next((m) => m.params?.channel === channels[1]);
    expect(portfolio.params.data).toMatchObject({ currency: 'BTC', equity: expect.any(Number) });
    const positions = (await c.call('private/get_positions', { currency: 'BTC' })).result;
    expect(positions).toEqual([
      expect.objectContaining({ size: 100, average_price: bought.result.order.average_price }),
    ]);
    const summary = (await c.call('private/get_account_summary', { currency: 'BTC' })).result;
    expect(summary.balance).toBeLessThan(0.01); // the taker fee
    expect(summary.initial_margin).toBeGreaterThan(0);
    // 0.01 BTC at 2 % initial margin covers about 30 000 USD of resting orders at 60 000.
    const buy = (amount: number) =>
      c.call('private/buy', { instrument_name: 'BTC-PERPETUAL', amount, price: 30_000, label: 'far' });
    expect((await buy(10_000)).result.order.order_state).toBe('open');
    expect((await buy(10_000)).error).toEqual({ code: 10009, message: 'not_enough_funds' });
    const sold = await c.call('private/sell', { instrument_name: 'BTC-PERPETUAL', amount: 100, type: 'market' });
    expect(sold.result.order.order_state).toBe('filled');
    expect((await c.call('private/get_positions', { currency: 'BTC' })).result).toEqual([]);
  });

  it('edits an order (amount and price) and the book follows', async () => {
    const sim = await start();
    const c = await authed(sim);
    const placed = await c.call('private/buy', { instrument_name: 'BTC-PERPETUAL', amount: 50, price: 60_000 });
    const id = placed.result.order.order_id;
    const edited = await c.call('private/edit', { order_id: id, amount: 70, price: 60_500 });
    expect(edited.result.order).toMatchObject({
      order_id: id,
      amount: 70,
      price: 60_500,
      replaced: true,
      order_state: 'open',
    });
    const own = sim.orderBook('BTC-PERPETUAL');
    expect(own.bids.find(([p]) => p === 60_500)).toEqual([60_500, 70]);
    expect(own.bids.find(([p]) => p === 60_000)).toBeUndefined();
    expect((await c.call('private/edit', { order_id: 'nope', amount: 10 })).error.code).toBe(10004);
  });

  it('holds stop orders untriggered until the market reaches the trigger price', async () => {
    const sim = await start();
    const c = await authed(sim);
    await c.call('private/subscribe', { channels: ['user.orders.BTC-PERPETUAL.raw'] });
    const last = (await c.call('public/ticker', { instrument_name: 'BTC-PERPETUAL' })).result.last_price;
    const params = { instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'stop_market', trigger: 'last_price' };
    const far = await c.call('private/sell', { ...params, trigger_price: last - 5_000 });
    const near = await c.call('private/sell', { ...params, trigger_price: last + 5_000 });
    expect(far.result.order).toMatchObject({ order_state: 'untriggered', triggered: false, order_type: 'stop_market' });
    expect(near.result.order.order_state).toBe('untriggered');
    const open = (await c.call('private/get_open_orders_by_instrument', { instrument_name: 'BTC-PERPETUAL' })).result;
    expect(open.map((o: Json) => o.order_id).sort()).toEqual(
      [far.result.order.order_id, near.result.order.order_id].sort(),
    );
    sim.tick();
    const fired = await c.next(
      (m) => m.params?.data?.order_id === near.result.order.order_id && m.params.data.order_state === 'filled',
    );
    expect(fired.params.data.triggered).toBe(true);
    expect(sim.orders().find((o) => o.order_id === far.result.order.order_id)?.order_state).toBe('untriggered');
  });
});

describe('connection lifetime', () => {
  it('closes a connection that stays silent for idleTimeoutMs without a heartbeat', async () => {
    const sim = await start({ idleTimeoutMs: 200 });
    const c = await openRpc(sim.url, sockets);
    const event = await sim.waitFor('idle_timeout', 5000);
    expect(event).toEqual({ type: 'idle_timeout', connection: 1 });
    expect(await c.closed).toEqual({ code: 1000, reason: 'connection idle' });
  });
});
