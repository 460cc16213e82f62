// NATS fault suite with real processes: a real nats-server (startNatsServer), the Deribit simulator, and gateways
// and consumers as forked Node processes running the built @zen-websocket/nats (e2e/nats/fixtures). The test
// pauses, kills and partitions them like an operator would, then checks what the issue promises:
// - the owner dies or stalls → another gateway takes the lease within its TTL, the venue sees one connection;
// - consumers continue with no gap and no duplicate: what a consumer got equals, message for message, what the
//   JetStream stream holds for its channel (read straight from the server), in order, ids strictly increasing;
// - nats-server restarts → gateways publish again and consumers replay what they missed;
// - a consumer cut off from NATS catches up from its sequence;
// - an order whose gateway dies mid-flight is outcome-unknown and executed once at the venue.
// Time bounds are generous multiples of the lease TTL (the machine is noisy); no sleeps: waits are on reports.

import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { type DeribitSimulator, type NatsServer, startDeribitSimulator, startNatsServer } from '@zen-websocket/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type Fixture, type Report, startFixture, until } from './harness.js';
import { type Partition, startPartition } from './proxy.js';
import { readStream, type Stored, streamState } from './stream.js';

const TTL = 1500;
/** How long a process may take to start and report (imports, NATS, JetStream, the venue) on a loaded machine. */
const START_MS = 30_000;
const CHANNEL = 'book.BTC-PERPETUAL.100ms';
const STREAM = 'ZEN_DERIBIT';
const SUBJECT = `zen.deribit.data.${CHANNEL}`;
/** Measured failover times, printed at the end (the closing note asks for them). */
const failovers: Array<{ how: string; ms: number }> = [];

let nats: NatsServer | undefined;
let sim: DeribitSimulator | undefined;
let observer: NatsConnection | undefined;
let partition: Partition | undefined;
const fixtures: Fixture[] = [];

beforeAll(() => {
  ensureBuilt();
}, 180_000);

afterAll(() => {
  // For the closing note: lease TTL vs measured takeover.
  for (const f of failovers) console.log(`failover after ${f.how}: ${f.ms} ms (lease TTL ${TTL} ms)`);
});

afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.kill()));
  await observer?.close().catch(() => {});
  await partition?.close();
  await Promise.all([nats?.stop(), sim?.stop()]);
  observer = undefined;
  partition = undefined;
  nats = undefined;
  sim = undefined;
});

async function setUp(): Promise<{ nats: NatsServer; sim: DeribitSimulator; observer: NatsConnection }> {
  [nats, sim] = await Promise.all([
    startNatsServer(),
    // Heartbeats 10× faster than Deribit's (10 s → 1 s): a stopped gateway's venue session times out soon.
    startDeribitSimulator({ feedIntervalMs: 50, heartbeatUnitMs: 100 }),
  ]);
  observer = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  return { nats, sim, observer };
}

function gateway(name: string, extra: object = {}): Fixture {
  const f = startFixture('gateway.mjs', name, {
    natsUrl: nats?.url,
    deribitUrl: sim?.url,
    credentials: sim?.credentials,
    leaseTtlMs: TTL,
    channels: [CHANNEL],
    ...extra,
  });
  fixtures.push(f);
  return f;
}

function consumer(name: string, natsUrl = nats?.url): Fixture {
  const f = startFixture('consumer.mjs', name, { natsUrl, channels: [CHANNEL] });
  fixtures.push(f);
  return f;
}

/** `name` owns the lease: it said so on start (`ready` as owner) or in a lease event. */
const isOwner = (name: string) => (r: Report) =>
  (r.type === 'lease' && r.owner === name) || (r.type === 'ready' && r.role === 'owner');
const messages = (f: Fixture) => f.reports.filter((r) => r.type === 'msg');

/** The most venue connections that were open at the same time, from the simulator's own event log. */
function mostOpenAtOnce(sim: DeribitSimulator): number {
  let open = 0;
  let most = 0;
  for (const e of sim.events) {
    if (e.type === 'connection') most = Math.max(most, ++open);
    else if (e.type === 'close') open--;
  }
  return most;
}

/** The venue id of a stored message: the raw notification data, or an envelope around it. */
function idOf(stored: Stored): number {
  const d = stored.data as { change_id?: number; data?: { change_id?: number } };
  return Number(d.change_id ?? d.data?.change_id);
}

/** Waits until `f` has received `more` messages beyond what it had. */
async function moreMessages(f: Fixture, more: number, timeoutMs = 20_000): Promise<void> {
  const target = messages(f).length + more;
  await f.waitFor(() => messages(f).length >= target, timeoutMs, `${more} more messages`);
}

/**
 * No gap, no duplicate: once the consumer has reached the stream's last sequence (taken now), its messages up to
 * there equal the stream's messages for the channel from the consumer's first one on: the same sequences and the
 * same venue ids, in order; and the venue ids only ever increase (nothing stale was published).
 */
async function expectSameAsStream(f: Fixture): Promise<{ stored: number; got: number }> {
  if (!observer) throw new Error('no observer');
  const conn = observer;
  const { last } = await until(() => streamState(conn, STREAM), 10_000, 'the stream state');
  await f.waitFor(() => Number(messages(f).at(-1)?.seq) >= last, 15_000, `the stream's sequence ${last}`);
  const stored = (await readStream(conn, STREAM, SUBJECT, last)).filter((m) => m.subject === SUBJECT);
  const mine = messages(f).filter((m) => Number(m.seq) <= last);
  const start = stored.findIndex((m) => m.seq === mine[0]?.seq);
  expect(start, `${f.name}'s first message is in the stream`).toBeGreaterThanOrEqual(0);
  expect(mine.map((m) => m.seq)).toEqual(stored.slice(start).map((m) => m.seq));
  const got = mine.map((m) => m.id as number);
  expect(got).toEqual(stored.slice(start).map(idOf));
  for (let i = 1; i < got.length; i++) expect(got[i]).toBeGreaterThan(got[i - 1] as number);
  return { stored: stored.length, got: got.length };
}

describe('NATS faults (real nats-server, real processes)', () => {
  it('SIGKILL of the owning gateway: the standby takes the lease within its TTL; the consumer sees no gap and no duplicate', async () => {
    const { sim } = await setUp();
    const a = gateway('gw-a');
    await a.waitFor(isOwner('gw-a'), START_MS, 'gw-a owning the lease');
    const b = gateway('gw-b');
    await b.waitFor((r) => r.type === 'ready', START_MS, 'gw-b ready');
    const c = consumer('consumer');
    await c.waitFor((r) => r.type === 'ready', START_MS, 'consumer ready');
    await moreMessages(c, 5);

    const killedAt = Date.now();
    a.signal('SIGKILL');
    const taken = await b.waitFor(isOwner('gw-b'), TTL * 4 + 5000, 'gw-b taking the lease');
    const ms = taken.received - killedAt;
    failovers.push({ how: 'SIGKILL', ms });
    // The lease expires at most TTL after its last renewal; the standby notices within its own poll.
    expect(ms).toBeLessThan(TTL * 2 + 5000);

    await moreMessages(c, 10);
    await expectSameAsStream(c);
    // One venue connection at a time, the owner's: never two open together, however the handover went.
    expect(mostOpenAtOnce(sim)).toBe(1);
    await until(() => sim.openConnections === 1, 20_000, 'one venue connection open');
  }, 120_000);

  it('SIGSTOP of the owner: the lease moves within its TTL; when it wakes it is fenced (demoted, venue closed, nothing stale published)', async () => {
    const { sim } = await setUp();
    const a = gateway('gw-a');
    await a.waitFor(isOwner('gw-a'), START_MS, 'gw-a owning the lease');
    const b = gateway('gw-b');
    await b.waitFor((r) => r.type === 'ready', START_MS, 'gw-b ready');
    const c = consumer('consumer');
    await c.waitFor((r) => r.type === 'ready', START_MS, 'consumer ready');
    await moreMessages(c, 5);

    const stoppedAt = Date.now();
    a.signal('SIGSTOP');
    const taken = await b.waitFor(isOwner('gw-b'), TTL * 4 + 5000, 'gw-b taking the lease');
    const ms = taken.received - stoppedAt;
    failovers.push({ how: 'SIGSTOP', ms });
    expect(ms).toBeLessThan(TTL * 2 + 5000);
    await moreMessages(c, 5);

    a.signal('SIGCONT');
    await a.waitFor((r) => r.type === 'role' && r.role === 'standby', 20_000, 'gw-a demoted to standby');
    await until(() => sim.openConnections === 1, 20_000, 'the woken gateway closed its venue connection');
    // The stopped owner's session stays open until the venue's heartbeat check or the fence closes it: two at
    // most, never a storm.
    expect(mostOpenAtOnce(sim)).toBeLessThanOrEqual(2);
    await moreMessages(c, 10);
    // The woken gateway may have held venue data in its socket buffer: had it published any of it, the ids would
    // go backwards here.
    await expectSameAsStream(c);
  }, 120_000);

  it('nats-server restart: the gateway publishes again and the consumer replays; still no gap and no duplicate', async () => {
    const { nats } = await setUp();
    const a = gateway('gw-a');
    await a.waitFor(isOwner('gw-a'), START_MS, 'gw-a owning the lease');
    const c = consumer('consumer');
    await c.waitFor((r) => r.type === 'ready', START_MS, 'consumer ready');
    await moreMessages(c, 5);
    if (!observer) throw new Error('no observer');
    const before = await streamState(observer, STREAM);

    await nats.restart();
    const conn = observer;
    await until(
      async () => (await streamState(conn, STREAM)).last > before.last + 5,
      15_000,
      'the gateway publishing into the stream again',
    );
    await moreMessages(c, 10, 15_000);
    const { stored } = await expectSameAsStream(c);
    expect(stored).toBeGreaterThan(before.last - before.first + 1);
  }, 120_000);

  it('a consumer cut off from NATS catches up from its sequence (replay), no gap and no duplicate', async () => {
    const { nats } = await setUp();
    partition = await startPartition({ port: nats.port });
    const a = gateway('gw-a');
    await a.waitFor(isOwner('gw-a'), START_MS, 'gw-a owning the lease');
    const c = consumer('consumer', partition.url);
    await c.waitFor((r) => r.type === 'ready', START_MS, 'consumer ready');
    await moreMessages(c, 5);
    if (!observer) throw new Error('no observer');
    const conn = observer;

    partition.cut();
    const cutAt = await streamState(conn, STREAM);
    await until(
      async () => (await streamState(conn, STREAM)).last >= cutAt.last + 10,
      20_000,
      '10 messages published during the cut',
    );
    const countAtHeal = messages(c).length;
    partition.heal();

    await expectSameAsStream(c);
    expect(messages(c).length - countAtHeal).toBeGreaterThanOrEqual(10);
    const replay = c.reports.find((r) => r.type === 'replay');
    expect(replay, 'a replay event').toBeDefined();
    expect(Number(replay?.count)).toBeGreaterThan(0);
  }, 120_000);

  it('an order whose gateway dies mid-flight is outcome-unknown and executed exactly once at the venue', async () => {
    const { sim } = await setUp();
    const a = gateway('gw-a');
    await a.waitFor(isOwner('gw-a'), START_MS, 'gw-a owning the lease');
    const b = gateway('gw-b');
    await b.waitFor((r) => r.type === 'ready', START_MS, 'gw-b ready');
    const c = consumer('trader');
    await c.waitFor((r) => r.type === 'ready', START_MS, 'trader ready');

    const label = `zen-once-${process.pid}`;
    // The venue executes the order but the gateway never hears back; then the gateway process dies.
    sim.dropBeforeReply('private/buy');
    c.send({
      type: 'request',
      tag: 'order',
      method: 'private/buy',
      timeout: 5000,
      params: { instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market', label },
    });
    await sim.waitFor((e) => e.type === 'request' && e.method === 'private/buy' && e.dropped === true, 20_000);
    a.signal('SIGKILL');

    const reply = await c.waitFor((r) => r.type === 'reply' && r.tag === 'order', 60_000, 'the order reply');
    expect(reply.result).toBeUndefined();
    expect(reply.error).toMatchObject({ outcome: 'unknown' });

    // The standby takes over and serves requests; the order is still not sent again.
    await b.waitFor(isOwner('gw-b'), TTL * 4 + 5000, 'gw-b taking the lease');
    c.send({ type: 'request', tag: 'time', method: 'public/get_time', params: {} });
    const time = await c.waitFor((r) => r.type === 'reply' && r.tag === 'time', 20_000, 'a reply through gw-b');
    expect(typeof time.result).toBe('number');
    expect(sim.orders().filter((o) => o.label === label)).toHaveLength(1);
    expect(sim.requests('private/buy')).toHaveLength(1);
  }, 120_000);
});
