// Requests across processes: routed to the owning gateway, typed failures, an order executed once.
import { RequestError, RpcError } from '@zen-websocket/core';
import { connectVia } from '@zen-websocket/nats';
import { describe, expect, it } from 'vitest';
import { deribitGateway, deribitSim, later, natsConnection, natsServer, serving } from './helpers.js';

async function setup() {
  const server = await natsServer();
  const sim = await deribitSim();
  const gateway = await deribitGateway(server, sim, { name: 'g1' });
  await serving(gateway);
  const via = await connectVia(await natsConnection(server), 'deribit', { timeout: 5000 });
  later(() => via.close());
  return { server, sim, gateway, via };
}

describe('requests through gateways', () => {
  it('answers with the venue result, and a venue error as an RpcError', async () => {
    const { sim, via } = await setup();
    const ticker = await via.request<{ instrument_name: string }>('public/ticker', {
      instrument_name: 'BTC-PERPETUAL',
    });
    expect(ticker.instrument_name).toBe('BTC-PERPETUAL');
    expect(sim.requests('public/ticker')).toHaveLength(1);
    const error = await via.request('public/ticker', { instrument_name: 'NOPE-PERPETUAL' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ sent: true, outcome: 'rejected' });
    expect((error as RpcError).rpcCode).toBe(sim.requests('public/ticker')[1]?.error);
  });

  it('no gateway: not sent (sent: false), safe to retry', async () => {
    const server = await natsServer();
    const via = await connectVia(await natsConnection(server), 'bybit');
    later(() => via.close());
    const error = await via.request('order.create', { symbol: 'BTCUSDT' }, { timeout: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: 'no_connections', sent: false, outcome: 'not_sent' });
  });

  it('a request the venue never answers times out as outcome unknown', async () => {
    const { sim, via } = await setup();
    await via.request('public/get_time');
    sim.stall('open');
    const error = await via.request('public/get_time', {}, { timeout: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: 'request_timeout', sent: true, outcome: 'unknown' });
    sim.resume();
  });

  it('the same request id is executed once: an order repeated with its id gets the first answer', async () => {
    const { sim, via } = await setup();
    const order = { instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market', label: 'once-1' };
    const [a, b] = await Promise.all([
      via.request<{ order: { order_id: string } }>('private/buy', order, { id: 'once-1' }),
      via.request<{ order: { order_id: string } }>('private/buy', order, { id: 'once-1' }),
    ]);
    const c = await via.request<{ order: { order_id: string } }>('private/buy', order, { id: 'once-1' });
    expect(a.order.order_id).toBe(b.order.order_id);
    expect(c.order.order_id).toBe(a.order.order_id);
    expect(sim.requests('private/buy')).toHaveLength(1);
    expect(sim.orders().filter((o) => o.label === 'once-1')).toHaveLength(1);
    // a different id is a different order
    await via.request('private/buy', order, { id: 'once-2' });
    expect(sim.requests('private/buy')).toHaveLength(2);
  });
});
