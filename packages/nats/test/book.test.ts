// connectVia's orderBook: synced from a snapshot through the gateway, kept by the stream, equal to the venue's.
import { connectVia } from '@zen-websocket/nats';
import { describe, expect, it } from 'vitest';
import { deribitGateway, deribitSim, later, natsConnection, natsServer, owned, when } from './helpers.js';

describe('orderBook through NATS', () => {
  it("equals the simulator's book, before and after the lease moves", async () => {
    const server = await natsServer();
    const sim = await deribitSim();
    const g1 = await deribitGateway(server, sim, { name: 'g1' });
    await owned(g1);
    const g2 = await deribitGateway(server, sim, { name: 'g2' });
    const via = await connectVia(await natsConnection(server), 'deribit');
    later(() => via.close());
    const book = via.orderBook('BTC-PERPETUAL');
    await book.synced(10_000);
    const at = (id: number) =>
      when(
        (fire) => book.on('update', fire),
        () => book.changeId >= id,
      );
    const same = () => {
      const venue = sim.orderBook('BTC-PERPETUAL');
      expect(book.changeId).toBe(venue.change_id);
      expect(book.bids()).toEqual(venue.bids);
      expect(book.asks()).toEqual(venue.asks);
    };
    sim.tick(20);
    await at(sim.orderBook('BTC-PERPETUAL').change_id);
    same();

    const moved = owned(g2);
    await g1.close();
    await moved;
    await sim.waitFor((e) => e.type === 'request' && e.method === 'public/subscribe' && e.connection !== 1, 5000);
    sim.tick(20);
    await at(sim.orderBook('BTC-PERPETUAL').change_id);
    same();
    expect(book.state).toBe('synced');
  });
});
