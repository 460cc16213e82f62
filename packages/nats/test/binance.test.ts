// Binance through a gateway: the diff-depth stream de-duplicated by `u`, and a LocalBook through NATS.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createBinanceApi, createBinanceStreams } from '@zen-websocket/binance';
import { connectVia, natsTelemetry, startGateway, streamFor } from '@zen-websocket/nats';
import { startBinanceSimulator } from '@zen-websocket/testing';
import { describe, expect, it } from 'vitest';
import { nodeSocketFactory } from 'zen-websocket';
import { publishMessage } from '../src/venues.js';
import { later, natsConnection, natsServer, serving, when } from './helpers.js';

describe('Binance through NATS', () => {
  it("keeps a LocalBook equal to the simulator's from the gateway's depth stream and depth snapshot", async () => {
    const server = await natsServer();
    const sim = await startBinanceSimulator({ feedIntervalMs: 10 });
    later(() => sim.stop());
    const gateway = await startGateway({
      nats: await natsConnection(server),
      venue: 'binance',
      async connect() {
        // market streams for data, the WebSocket API for requests: one venue connection object
        const streams = createBinanceStreams({ baseUrl: sim.streamUrl, socketFactory: nodeSocketFactory });
        const api = await createBinanceApi({ url: sim.apiUrl, socketFactory: nodeSocketFactory });
        return {
          subscribe: (channels, handler) => streams.subscribe(channels, handler),
          unsubscribe: (channels) => streams.unsubscribe(channels),
          request: (method, params, options) => api.request(method, params, options),
          getState: () => api.client.getState(),
          close: async () => {
            await streams.close();
            await api.close();
          },
        };
      },
    });
    later(() => gateway.close());
    await serving(gateway);
    const via = await connectVia(await natsConnection(server), 'binance');
    later(() => via.close());
    const book = via.orderBook('BTCUSDT');
    await book.synced(10_000);
    const target = book.lastUpdateId + 20;
    await when(
      (fire) => book.on('update', fire),
      () => book.lastUpdateId >= target,
    );
    const venue = sim.orderBook('BTCUSDT', { updateId: book.lastUpdateId, limit: 20 });
    const numbers = (levels: Array<[string, string]> | undefined) => levels?.map(([p, s]) => [Number(p), Number(s)]);
    expect(book.lastUpdateId).toBe(venue?.lastUpdateId);
    expect(book.bids(20)).toEqual(numbers(venue?.bids));
    expect(book.asks(20)).toEqual(numbers(venue?.asks));
  });

  it('the same venue message published by two gateways is stored once (Nats-Msg-Id from the venue sequence)', async () => {
    const server = await natsServer();
    const a = await natsConnection(server);
    const b = await natsConnection(server);
    const via = await connectVia(a, 'binance'); // creates the stream
    later(() => via.close());
    const failed: string[] = [];
    const off = natsTelemetry.on('nats.publish_failed', ({ reason }) => failed.push(reason));
    later(async () => off());
    const diff = (u: number) => ({ e: 'depthUpdate', s: 'BTCUSDT', U: u - 2, u, b: [['1', '1']], a: [] });
    const channel = 'btcusdt@depth@100ms';
    for (const u of [10, 13, 16])
      publishMessage(jetstream(a), 'binance', 'gA', channel, diff(u), channel, natsTelemetry);
    for (const u of [13, 16, 19])
      publishMessage(jetstream(b), 'binance', 'gB', channel, diff(u), channel, natsTelemetry);
    await a.flush();
    await b.flush();
    const jsm = await jetstreamManager(a);
    // wait until the four distinct messages are in (acks are asynchronous)
    let info = await jsm.streams.info(streamFor('binance'));
    for (let i = 0; i < 50 && info.state.messages < 4; i++) {
      await a.flush();
      info = await jsm.streams.info(streamFor('binance'));
    }
    expect(info.state.messages).toBe(4);
    expect(failed).toEqual([]);
    const us: number[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(streamFor('binance'), { seq });
      us.push((m?.json() as { u: number } | undefined)?.u ?? -1);
    }
    expect(us.sort((x, y) => x - y)).toEqual([10, 13, 16, 19]);
  });
});
