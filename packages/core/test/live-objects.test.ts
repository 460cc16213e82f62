// What a connected client keeps alive (bench/live-objects.mjs): the heartbeat's state lives in the session (one
// object per client), the heartbeats of every client with one clock and interval tick from one shared timer, and a
// client's resolved options hold only what it was given, the defaults shared. Behaviour per client must be what a
// timer per client gave.
import { createFakeClock, createFakeSocketFactory, type FakeClock } from '@zen-websocket/testing/fakes';
import { describe, expect, it } from 'vitest';
import { ZenClient } from '../src/client.js';
import type { HeartbeatOptions } from '../src/index.js';
import { resolveOptions } from '../src/options.js';

const HB: HeartbeatOptions = { type: 'ping_pong', interval: 1000, timeout: 500 };

/** `n` clients over one fake clock and one fake socket factory (ws-style sockets: ping frames), each opened. */
async function clients(n: number, clock: FakeClock = createFakeClock(), heartbeat: HeartbeatOptions = HB) {
  const sockets = createFakeSocketFactory({ mode: 'node' });
  const list: ZenClient[] = [];
  for (let i = 0; i < n; i++) {
    const client = new ZenClient('ws://venue.test/ws', { clock, socketFactory: sockets, heartbeat });
    const started = client.start();
    sockets.last.open();
    await started;
    list.push(client);
  }
  return { clock, sockets: sockets.sockets, clients: list };
}

describe('heartbeat ticks: one timer per clock and interval', () => {
  it('three connected clients keep one timer, and each is probed every interval', async () => {
    const { clock, sockets, clients: all } = await clients(3);
    expect(clock.pending).toBe(1);
    await clock.advance(1000);
    expect(sockets.map((s) => s.pings)).toEqual([['1'], ['1'], ['1']]);
    for (const s of sockets) s.pong('1');
    await clock.advance(1000);
    expect(sockets.map((s) => s.pings)).toEqual([
      ['1', '2'],
      ['1', '2'],
      ['1', '2'],
    ]);
    expect(all.map((c) => c.getHeartbeatHealth().timerActive)).toEqual([true, true, true]);
    for (const c of all) await c.close();
    expect(clock.pending).toBe(0);
  });

  it('clients opened at different times tick at their own times', async () => {
    const clock = createFakeClock();
    const a = await clients(1, clock);
    await clock.advance(300);
    const b = await clients(1, clock);
    await clock.advance(700);
    expect([a.sockets[0]?.pings, b.sockets[0]?.pings]).toEqual([['1'], []]);
    await clock.advance(299);
    expect(b.sockets[0]?.pings).toEqual([]);
    await clock.advance(1);
    expect(b.sockets[0]?.pings).toEqual(['1']);
    await a.clients[0]?.close();
    await b.clients[0]?.close();
    expect(clock.pending).toBe(0);
  });

  it('a silent client among busy ones is found dead at interval + timeout; the others stay connected', async () => {
    const { clock, sockets, clients: all } = await clients(3);
    for (let t = 0; t < 1500; t += 250) {
      sockets[0]?.receive({ t });
      sockets[2]?.receive({ t });
      await clock.advance(250);
    }
    expect(all.map((c) => c.getState())).toEqual(['connected', 'reconnecting', 'connected']);
    expect(sockets[1]?.terminated).toBe(true);
    for (const c of all) await c.close();
    expect(clock.pending).toBe(0);
  });

  it('a client closed by another client’s heartbeat handler in the same tick is not probed again', async () => {
    const { clock, sockets, clients: all } = await clients(2);
    const [a, b] = all as [ZenClient, ZenClient];
    a.on('heartbeat', (event) => {
      if (event.kind === 'probe') void b.close();
    });
    await clock.advance(1000);
    expect(sockets[1]?.pings).toEqual([]);
    expect(b.getHeartbeatHealth().timerActive).toBe(false);
    sockets[0]?.pong('1');
    await clock.advance(1000);
    expect(sockets[0]?.pings).toEqual(['1', '2']);
    expect(sockets[1]?.pings).toEqual([]);
    await a.close();
    expect(clock.pending).toBe(0);
  });

  it('clients with other intervals on the same clock tick on their own intervals', async () => {
    const clock = createFakeClock();
    const fast = await clients(1, clock, { ...HB, interval: 400, timeout: 5000 });
    const slow = await clients(1, clock, { ...HB, interval: 1000, timeout: 5000 });
    expect(clock.pending).toBe(2);
    await clock.advance(1200);
    expect(fast.sockets[0]?.pings).toEqual(['1', '2', '3']);
    expect(slow.sockets[0]?.pings).toEqual(['1']);
    await fast.clients[0]?.close();
    await slow.clients[0]?.close();
    expect(clock.pending).toBe(0);
  });
});

describe('resolved options: the defaults shared, the options given per client', () => {
  const socketFactory = createFakeSocketFactory();

  it('a client keeps only what it was given (and its URL); every default comes from one shared object', () => {
    const a = resolveOptions('ws://venue.test/ws', { socketFactory, timeout: 2000 });
    const b = resolveOptions('ws://venue.test/other', { socketFactory, retryCount: 5 });
    expect(Object.keys(a).sort()).toEqual(['log', 'socketFactory', 'timeout', 'url', 'urlSource']);
    expect(Object.getPrototypeOf(b)).toBe(Object.getPrototypeOf(a));
    expect(a).toMatchObject({ timeout: 2000, retryCount: 3, requestTimeout: 30000, url: 'ws://venue.test/ws' });
    expect(b).toMatchObject({ timeout: 5000, retryCount: 5, requestTimeout: 30000, url: 'ws://venue.test/other' });
    expect(a.heartbeat).toBe(b.heartbeat);
  });
});
