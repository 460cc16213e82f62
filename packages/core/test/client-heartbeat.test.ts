import { describe, expect, it } from 'vitest';
import { jsonRpc } from '../src/index.js';
import { connected, deribitLike } from './helpers.js';

describe('ping_pong heartbeat', () => {
  it('sends a ping frame each interval and records the pong round trip', async () => {
    const { client, sockets, clock } = await connected({
      mode: 'node',
      heartbeat: { type: 'ping_pong', interval: 1000, timeout: 500 },
    });
    await clock.advance(1000);
    expect(sockets.last.pings).toEqual(['1']);
    await clock.advance(20);
    sockets.last.pong('1');
    const health = client.getHeartbeatHealth();
    expect(health).toMatchObject({
      type: 'ping_pong',
      pingFrames: true,
      failureCount: 0,
      lastRttMs: 20,
      timerActive: true,
      activeHeartbeats: ['ping_pong'],
    });
  });

  it('counts unanswered pings as failures and ignores pongs with another payload', async () => {
    const { client, sockets, clock } = await connected({
      mode: 'node',
      heartbeat: { type: 'ping_pong', interval: 1000, timeout: 5000 },
    });
    sockets.last.receive({ keep: 'alive' });
    await clock.advance(1000);
    sockets.last.pong('999');
    sockets.last.receive({ keep: 'alive' });
    await clock.advance(1000);
    expect(client.getHeartbeatHealth().failureCount).toBe(1);
  });

  it('detects a half-open connection: silence past interval + timeout terminates and reconnects', async () => {
    const { client, sockets, clock } = await connected({
      mode: 'node',
      heartbeat: { type: 'ping_pong', interval: 1000, timeout: 500 },
    });
    const errors: string[] = [];
    client.on('reconnect', (i) => errors.push(i.error.code));
    const first = sockets.last;
    await clock.advance(1499);
    expect(client.getState()).toBe('connected');
    await clock.advance(1);
    expect(first.terminated).toBe(true);
    expect(errors).toEqual(['heartbeat_timeout']);
    expect(client.getState()).toBe('reconnecting');
  });

  it('any inbound frame counts as life: a busy connection is never condemned for a missing pong', async () => {
    const { client, sockets, clock } = await connected({
      mode: 'node',
      heartbeat: { type: 'ping_pong', interval: 1000, timeout: 500 },
    });
    for (let i = 0; i < 20; i++) {
      sockets.last.receive({ tick: i });
      await clock.advance(250);
    }
    expect(client.getState()).toBe('connected');
    expect(sockets.last.pings.length).toBe(5);
  });

  it('without ping frames (browser-style socket) falls back to inactivity detection', async () => {
    const { client, sockets, clock } = await connected({
      heartbeat: { type: 'ping_pong', interval: 1000, timeout: 500 },
    });
    expect(client.getHeartbeatHealth().pingFrames).toBe(false);
    sockets.last.receive({ tick: 1 });
    await clock.advance(1000); // traffic in the last interval: fine
    expect(client.getState()).toBe('connected');
    await clock.advance(1499); // silent interval, then the grace
    expect(client.getState()).toBe('connected');
    await clock.advance(1);
    expect(client.getState()).toBe('reconnecting');
    expect(sockets.last.sent).toEqual([]);
  });

  it('a tick that fires far too late (throttled tab) probes instead of condemning', async () => {
    const { client, clock } = await connected({ heartbeat: { type: 'ping_pong', interval: 1000, timeout: 500 } });
    clock.jump(5000); // the tab slept through four intervals
    await clock.advance(0); // the overdue tick runs now, late
    expect(client.getState()).toBe('connected');
    await clock.advance(1499); // the next, punctual tick finds silence and probes
    expect(client.getState()).toBe('connected');
    await clock.advance(1); // and a truly dead connection is still caught
    expect(client.getState()).toBe('reconnecting');
  });
});

describe('deribit heartbeat', () => {
  it('sends public/test each interval and answers test_request at once, consuming the heartbeat', async () => {
    const { client, sockets, clock } = await connected({
      heartbeat: { type: 'deribit', interval: 1000 },
      protocol: deribitLike,
    });
    const messages: unknown[] = [];
    client.on('message', (m) => messages.push(m));
    sockets.last.receive({ jsonrpc: '2.0', method: 'heartbeat', params: { type: 'test_request' } });
    expect(sockets.last.sentJson).toEqual([{ jsonrpc: '2.0', method: 'public/test', params: {} }]);
    await clock.advance(1000);
    expect(sockets.last.sentJson).toHaveLength(2);
    expect(messages).toEqual([]);
    expect(client.getHeartbeatHealth().activeHeartbeats).toEqual(['deribit_test_request']);
  });
});

describe('custom and binance heartbeats', () => {
  it('custom sends the user message (string, object or function) each interval', async () => {
    let n = 0;
    const { sockets, clock } = await connected({
      heartbeat: { type: 'custom', interval: 500, message: () => ({ op: 'ping', n: ++n }) },
    });
    await clock.advance(1000);
    expect(sockets.last.sentJson).toEqual([
      { op: 'ping', n: 1 },
      { op: 'ping', n: 2 },
    ]);
  });

  it('reports whether the socket shows control frames, whatever the heartbeat type', async () => {
    const node = await connected({ mode: 'node', heartbeat: { type: 'binance', interval: 1000 } });
    expect(node.client.getHeartbeatHealth()).toMatchObject({ pingFrames: false, controlFrames: true });
    const web = await connected({ heartbeat: { type: 'binance', interval: 1000 } });
    expect(web.client.getHeartbeatHealth()).toMatchObject({ pingFrames: false, controlFrames: false });
  });

  it('binance sends nothing; server ping frames count as life', async () => {
    const { client, sockets, clock } = await connected({
      mode: 'node',
      heartbeat: { type: 'binance', interval: 1000, timeout: 500 },
    });
    for (let i = 0; i < 10; i++) {
      sockets.last.serverPing('p');
      await clock.advance(500);
    }
    expect(client.getState()).toBe('connected');
    expect(sockets.last.pings).toEqual([]);
    expect(sockets.last.sent).toEqual([]);
  });

  it('generic server heartbeats replace the active set; deribit and binance consume and ignore them', async () => {
    const { client, sockets } = await connected({ heartbeat: { type: 'ping_pong', interval: 1000 } });
    sockets.last.receive({ method: 'heartbeat', params: { type: 'a' } });
    sockets.last.receive({ method: 'heartbeat', params: { type: 'b' } });
    expect(client.getHeartbeatHealth().activeHeartbeats).toEqual(['b']);
    for (const type of ['deribit', 'binance'] as const) {
      const other = await connected({ heartbeat: { type, interval: 1000 }, protocol: deribitLike });
      const seen: unknown[] = [];
      other.client.on('message', (m) => seen.push(m));
      other.sockets.last.receive({ method: 'heartbeat', params: { type: 'heartbeat' } });
      expect(other.client.getHeartbeatHealth().activeHeartbeats).toEqual([]);
      expect(seen).toEqual([]);
      expect(other.sockets.last.sent).toEqual([]);
    }
  });

  it('a custom probe that throws is reported, never escapes the timer, and death detection still works', async () => {
    const { client, clock } = await connected({
      heartbeat: {
        type: 'custom',
        interval: 1000,
        timeout: 500,
        message: () => {
          throw new Error('probe bug');
        },
      },
    });
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.message));
    await clock.advance(1000);
    expect(errors).toEqual([expect.stringContaining('probe bug')]);
    await clock.advance(500);
    expect(client.getState()).toBe('reconnecting');
  });

  it('disabled runs no timer', async () => {
    const { client, clock } = await connected({ heartbeat: 'disabled' });
    expect(client.getHeartbeatHealth().timerActive).toBe(false);
    expect(clock.pending).toBe(0); // none: the healthy-uptime mark is read when it matters, not timed
  });
});

describe('the heartbeat is a mechanism: the protocol brings the messages (issue 13)', () => {
  const venue = {
    ...jsonRpc(),
    name: 'venue',
    idOf: (m: Record<string, unknown>) => (typeof m.ref === 'number' ? m.ref : undefined),
    heartbeatKind: (m: Record<string, unknown>) => (m.op === 'hb' ? String(m.kind) : undefined),
    heartbeat: {
      probe: { op: 'probe' },
      reply: (kind: string) => (kind === 'ask' ? { op: 'answer' } : undefined),
    },
  };

  it("type 'protocol' sends the protocol's probe and answers with its reply; idOf routes replies", async () => {
    const { client, sockets, clock } = await connected({
      protocol: venue,
      heartbeat: { type: 'protocol', interval: 1000 },
    });
    const messages: unknown[] = [];
    client.on('message', (m) => messages.push(m));
    sockets.last.receive({ op: 'hb', kind: 'ask' });
    expect(sockets.last.sentJson).toEqual([{ op: 'answer' }]);
    await clock.advance(1000);
    expect(sockets.last.sentJson).toEqual([{ op: 'answer' }, { op: 'probe' }]);
    sockets.last.receive({ op: 'hb', kind: 'other' }); // a kind the protocol does not answer: consumed
    expect(messages).toEqual([]);
    expect(client.getHeartbeatHealth().activeHeartbeats).toEqual(['venue_ask']);
    const reply = client.sendMessage({ ref: 7, id: 99 }); // the protocol says replies carry `ref`
    await expect(Promise.race([reply, Promise.resolve('pending')])).resolves.toBe('pending');
    sockets.last.receive({ ref: 99, ok: true });
    expect(await reply).toEqual({ ref: 99, ok: true });
    await client.close();
  });

  it("the core knows no venue: 'deribit' (the older name of 'protocol') needs a protocol with a heartbeat", async () => {
    const { resolveOptions } = await import('../src/options.js');
    const factory = () => ({}) as never;
    expect(() => resolveOptions('ws://x.test', { socketFactory: factory, heartbeat: { type: 'deribit' } })).toThrow(
      /protocol "json-rpc" has none.*createDeribitClient/,
    );
    expect(() => resolveOptions('ws://x.test', { socketFactory: factory, heartbeat: { type: 'protocol' } })).toThrow(
      TypeError,
    );
    const { readFileSync } = await import('node:fs');
    for (const file of ['heartbeat.ts', 'client.ts', 'protocol.ts', 'options.ts']) {
      const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
      expect(source).not.toMatch(/method: 'public\/test'/); // no venue message is built in core
    }
  });
});
