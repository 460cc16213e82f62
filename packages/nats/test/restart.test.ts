// nats-server restarts under a gateway and a consumer: both recover on their own and the feed continues.
import { connectVia, natsTelemetry } from '@zen-websocket/nats';
import { describe, expect, it } from 'vitest';
import { deribitGateway, deribitSim, later, natsConnection, natsServer, serving, when } from './helpers.js';

describe('nats-server restart', () => {
  it('the gateway keeps or retakes the lease, the consumer resumes, the book stays equal to the venue', async () => {
    const server = await natsServer();
    const sim = await deribitSim();
    const gateway = await deribitGateway(server, sim, { name: 'g1', leaseTtlMs: 2000 });
    await serving(gateway);
    const via = await connectVia(await natsConnection(server), 'deribit');
    later(() => via.close());
    const lags: number[] = [];
    const off = natsTelemetry.on('nats.lag', ({ pending }) => lags.push(pending));
    later(async () => off());
    const book = via.orderBook('BTC-PERPETUAL');
    await book.synced(10_000);
    const caughtUp = () =>
      when(
        (fire) => {
          const offs = [book.on('update', fire), book.on('state', fire)];
          return () => {
            for (const off of offs) off();
          };
        },
        () => book.state === 'synced' && book.changeId === sim.orderBook().change_id,
      );
    sim.tick(5);
    await caughtUp();

    let gaps = 0;
    book.on('gap', () => gaps++);
    const states: string[] = [];
    via.on('state', ({ to }) => states.push(to));
    await server.kill();
    sim.tick(3); // venue data while NATS is down
    await server.restart();
    await when(
      (fire) => via.on('state', fire),
      () => via.getState() === 'connected',
    );
    // the lease survives a short restart, or is taken again at once
    await when(
      (fire) => gateway.on('lease', fire),
      () => gateway.role() === 'owner',
    );
    // The venue keeps sending, as a real one does: a tick published while the gateway's own NATS connection is
    // still coming back is lost (publishes are not retried), and the book only repairs on the next change.
    const ticking = setInterval(() => sim.tick(1), 250);
    try {
      await caughtUp();
    } finally {
      clearInterval(ticking);
    }
    await caughtUp(); // settle on the last tick
    expect(states).toContain('reconnecting');
    expect(gaps).toBeLessThanOrEqual(1); // what the venue sent while NATS was down: at most one resync
    expect(lags.length).toBeGreaterThan(0); // consumer lag samples while someone listens
    const venue = sim.orderBook();
    expect(book.bids()).toEqual(venue.bids);
    expect(book.asks()).toEqual(venue.asks);
  }, 30_000);
});
