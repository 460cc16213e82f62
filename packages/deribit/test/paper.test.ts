// Paper trading over real sockets: the Deribit adapter with `paper` routes private requests and user.* channels
// to the in-process engine, fed by the live public book of its connection (the simulator's, or a recording's
// through the replay server). The simulator must never see a private frame.
import { RpcError } from '@zen-websocket/core';
import type { DeribitClient, Order } from '@zen-websocket/deribit';
import { memorySink } from '@zen-websocket/recorder';
import { type DeribitSimulator, startReplayServer, wsSocketFactory } from '@zen-websocket/testing';
import { describe, expect, it } from 'vitest';
import { collector, deribit, simulator } from './helpers.js';

const BTC = 'BTC-PERPETUAL';

/** Nothing private, and no login, ever reached the simulator. */
const noPrivateFrames = (sim: DeribitSimulator) => {
  const methods = sim.requests().map((r) => r.method);
  expect(methods.filter((m) => m.startsWith('private/') || m === 'public/auth')).toEqual([]);
  expect(methods).toContain('public/subscribe'); // the live book the engine is fed from
  expect(sim.orders()).toEqual([]);
};

describe('paper trading (Deribit)', () => {
  it('fills a market order at the live book’s best ask, with private frames kept off the wire', async () => {
    const sim = await simulator();
    const client = await deribit(sim, { paper: true, cancelOnDisconnect: true }); // credentials given, not used
    const orders = collector<Order>();
    expect(await client.subscribe(`user.orders.${BTC}.raw`, orders.handler)).toEqual([`user.orders.${BTC}.raw`]);
    const [bestAsk, bestAskAmount] = sim.orderBook(BTC).asks[0] as [number, number];
    const { order, trades } = await client.buy({ instrument_name: BTC, amount: 10, type: 'market' });
    expect(order.order_state).toBe('filled');
    expect(trades.map((t) => t.price)).toEqual([bestAsk]);
    expect(bestAskAmount).toBeGreaterThanOrEqual(10);
    const [seen] = await orders.until(1, (o) => o.order_id === order.order_id);
    expect(seen?.order_state).toBe('filled');
    const position = await client.request('private/get_position', { instrument_name: BTC });
    expect(position).toMatchObject({ size: 10, direction: 'buy' });
    // a refusal is the same typed RpcError the venue gives
    const refused = await client.buy({ instrument_name: BTC, amount: 7, type: 'market' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RpcError);
    expect((refused as RpcError).rpcCode).toBe(-32602);
    // a raw private frame through sendMessage is answered by the engine too
    const reply = await client.sendMessage(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'private/get_open_orders_by_instrument',
        params: { instrument_name: BTC },
      }),
    );
    expect(reply).toMatchObject({ id: 9, result: [] });
    noPrivateFrames(sim);
  });

  it('fills a resting paper bid when live liquidity crosses it, at the bid’s price', async () => {
    const sim = await simulator();
    const client = await deribit(sim, { paper: true });
    const trades = collector<Array<{ price: number; order_id: string }>>();
    await client.subscribe(`user.trades.${BTC}.raw`, trades.handler);
    const book = sim.orderBook(BTC);
    const [bid] = book.bids[0] as [number, number];
    const [ask] = book.asks[0] as [number, number];
    expect(ask - bid).toBeGreaterThan(0.5); // room inside the spread
    const price = bid + 0.5;
    const { order } = await client.buy({ instrument_name: BTC, amount: 10, type: 'limit', price });
    expect(order.order_state).toBe('open');
    // a real order at the venue: a new best ask at the paper bid's price appears in the live book
    const venue = await deribit(sim);
    await venue.sell({ instrument_name: BTC, amount: 20, type: 'limit', price });
    const [fills] = await trades.until(1);
    expect(fills?.map((t) => [t.order_id, t.price])).toEqual([[order.order_id, price]]);
    expect((await client.request('private/get_order_state', { order_id: order.order_id })).order_state).toBe('filled');
    expect(sim.orders({ open: true }).map((o) => o.amount)).toEqual([20]); // the venue's own order is untouched
  });

  it('produces the same fills twice over a recording of the live feed (deterministic)', async () => {
    const sim = await simulator();
    const sink = memorySink();
    const session = async (client: DeribitClient, live?: DeribitSimulator) => {
      const fills: unknown[] = [];
      await client.subscribe(`user.trades.${BTC}.raw`, (ts: Array<Record<string, unknown>>) => {
        for (const t of ts) fills.push([t.order_id, t.trade_id, t.direction, t.price, t.amount, t.liquidity]);
      });
      await client.buy({ instrument_name: BTC, amount: 30, type: 'market' });
      const mid = (await client.request('private/get_position', { instrument_name: BTC })) as { mark_price: number };
      await client.sell({ instrument_name: BTC, amount: 20, type: 'limit', price: Math.round(mid.mark_price) + 5 });
      for (let i = 0; i < 4; i++) {
        live?.tick(10);
        await client.getTime(); // a barrier: every book change before it has been fed to the engine
        await client.sell({ instrument_name: BTC, amount: 10, type: 'market' });
      }
      await client.close();
      return fills;
    };
    const recorded = await session(await deribit(sim, { paper: true, recordTo: sink }), sim);
    expect(recorded.length).toBeGreaterThan(4);

    const replay = async () => {
      const server = await startReplayServer(sink, { waitForRequests: (e) => !String(e.data).includes('public/test') });
      try {
        const client = await (await import('@zen-websocket/deribit')).createDeribitClient({
          url: server.url,
          socketFactory: wsSocketFactory,
          paper: true,
        });
        return await session(client);
      } finally {
        await server.stop();
      }
    };
    const first = await replay();
    const second = await replay();
    expect(first).toEqual(second);
    expect(first).toEqual(recorded);
  });

  it('rejects an order on an instrument the venue has no book for (never hangs)', async () => {
    const sim = await simulator();
    const sol = { name: 'SOL-PERPETUAL', tickSize: 0.01, contractSize: 1, price: 150 };
    const client = await deribit(sim, { paper: { instruments: [sol] } });
    // the venue leaves the unknown book channel out of its subscribe result: the order is refused, not left waiting
    await expect(client.buy({ instrument_name: sol.name, amount: 1, type: 'market' })).rejects.toThrow(
      /not confirmed|venue refused/,
    );
  });

  it('refuses a bad paper option before connecting', async () => {
    const sim = await simulator();
    await expect(deribit(sim, { paper: 'yes' as never })).rejects.toThrow(/options.paper must be true, false/);
    expect(sim.connectionCount).toBe(0);
    await expect(deribit(sim, { paper: { balance: { BTC: 1 } } as never })).rejects.toThrow(/did you mean "balances"/);
  });
});
