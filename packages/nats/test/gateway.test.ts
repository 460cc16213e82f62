// Gateways, leases and the feed through connectVia, against a real nats-server and the Deribit simulator.
import { connectVia, type ViaMessage } from '@zen-websocket/nats';
import { describe, expect, it } from 'vitest';
import { deribitGateway, deribitSim, later, natsConnection, natsServer, owned, serving, when } from './helpers.js';

const CHANNEL = 'book.BTC-PERPETUAL.100ms';

interface BookMsg {
  type: 'snapshot' | 'change';
  change_id: number;
  prev_change_id?: number;
}

describe('gateway lease and feed', () => {
  it('one gateway owns the venue; closing it moves the lease and the feed continues with no gap or duplicate', async () => {
    const server = await natsServer();
    const sim = await deribitSim();
    const g1 = await deribitGateway(server, sim, { name: 'g1' });
    await owned(g1);
    const g2 = await deribitGateway(server, sim, { name: 'g2' });
    expect(g2.role()).toBe('standby');
    expect(g1.role()).toBe('owner');

    const via = await connectVia(await natsConnection(server), 'deribit');
    later(() => via.close());
    const got: ViaMessage[] = [];
    via.on('message', (m) => got.push(m));
    const count = (n: number) =>
      when(
        (fire) => via.on('message', fire),
        () => got.length >= n,
      );
    await via.subscribe(CHANNEL);
    await count(1); // the subscription's snapshot
    sim.tick(5);
    await count(6);
    expect(sim.openConnections).toBe(1);

    const moved = owned(g2);
    await g1.close();
    await moved;
    expect(g1.role()).toBe('closed');
    // the new owner's own subscription at the venue
    await sim.waitFor((e) => e.type === 'request' && e.method === 'public/subscribe' && e.connection !== 1, 5000);
    expect(sim.openConnections).toBe(1);
    sim.tick(5);
    await count(11);

    const book = got.map((m) => m.data as BookMsg);
    // stream order, each stream message once
    const seqs = got.map((m) => m.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // the venue sequence: every change follows the one before it, across the handover
    expect(book[0]?.type).toBe('snapshot');
    for (let i = 1; i < book.length; i++) {
      const m = book[i] as BookMsg;
      if (m.type === 'change') expect(m.prev_change_id).toBe((book[i - 1] as BookMsg).change_id);
      else expect(m.change_id).toBe((book[i - 1] as BookMsg).change_id); // a resubscription's snapshot continues
    }
    expect(book.filter((m) => m.type === 'change')).toHaveLength(10);
    expect(book.at(-1)?.change_id).toBe(sim.orderBook().change_id);
  });

  it('an owner whose venue connection is down for a whole TTL gives the lease up; a standby takes it and connects', async () => {
    const server = await natsServer();
    const sim = await deribitSim();
    const g1 = await deribitGateway(server, sim, { name: 'g1', leaseTtlMs: 600 });
    await owned(g1);
    await sim.waitFor('connection');
    const g2 = await deribitGateway(server, sim, { name: 'g2', leaseTtlMs: 600 });
    const owners = new Set<string | undefined>();
    g2.on('lease', ({ owner }) => owners.add(owner));
    // the venue goes away: g1's client keeps reconnecting, so g1 stops renewing and is fenced after the TTL
    const roles: string[] = [];
    g1.on('role', ({ role, reason }) => roles.push(`${role}: ${reason}`));
    sim.reject(503);
    await sim.drop();
    await when(
      (fire) => g1.on('role', fire),
      () => g1.role() === 'standby',
    );
    expect(roles[0]).toMatch(/^standby: demoted: /);
    expect(g1.connection()).toBeUndefined();
    // the venue comes back: whoever owns the lease now connects, and only one connection is open
    const ready = new Promise<string>((resolve) => {
      for (const g of [g1, g2]) g.on('ready', ({ name }) => resolve(name));
    });
    sim.reject(null);
    const owner = await ready;
    expect(
      [g1, g2]
        .find((g) => g.name === owner)
        ?.connection()
        ?.getState?.(),
    ).toBe('connected');
    expect(['g1', 'g2']).toContain(owner);
    expect(owners.has('g2')).toBe(true); // g2 took the lease g1 could not renew
    expect(sim.openConnections).toBe(1);
  });

  it('a consumer that subscribes before any gateway runs gets the data once one starts', async () => {
    const server = await natsServer();
    const sim = await deribitSim();
    const via = await connectVia(await natsConnection(server), 'deribit');
    later(() => via.close());
    const got: unknown[] = [];
    await via.subscribe('ticker.BTC-PERPETUAL.100ms', (ticker) => got.push(ticker));
    const gateway = await deribitGateway(server, sim, { name: 'late' });
    await serving(gateway);
    sim.tick(3);
    // (identical tickers in one venue millisecond carry no sequence and are stored once: wait for the first)
    await when(
      (fire) => via.on('message', fire),
      () => got.length >= 1,
    );
    expect(got[0]).toMatchObject({ instrument_name: 'BTC-PERPETUAL' });
  });
});
