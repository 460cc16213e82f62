// Page and network signals (what the browser build feeds in from window/document events).
import { createFakeSocketFactory } from '@zen-websocket/testing/fakes';
import { describe, expect, it } from 'vitest';
import type { LifecycleSignal, LifecycleSource } from '../src/index.js';
import { connected, deribitLike, rig } from './helpers.js';

function signals(): { source: LifecycleSource; emit: (s: LifecycleSignal) => void; listening: () => boolean } {
  let listener: ((s: LifecycleSignal) => void) | undefined;
  return {
    source: (emit) => {
      listener = emit;
      return () => {
        listener = undefined;
      };
    },
    emit: (s) => listener?.(s),
    listening: () => listener !== undefined,
  };
}

describe('lifecycle signals', () => {
  it('coming back (visible / online) probes a live connection at once and a dead one is dropped within timeout', async () => {
    const life = signals();
    const { client, sockets, clock } = await connected({
      lifecycle: life.source,
      heartbeat: { type: 'deribit', interval: 30_000, timeout: 2000 },
      protocol: deribitLike,
    });
    life.emit('visible');
    expect(sockets.last.sentJson).toEqual([{ jsonrpc: '2.0', method: 'public/test', params: {} }]);
    await clock.advance(1999);
    expect(client.getState()).toBe('connected');
    await clock.advance(1); // the probe was never answered: the socket died while the tab slept
    expect(client.getState()).toBe('reconnecting');
  });

  it('an answered probe keeps the connection', async () => {
    const life = signals();
    const { client, sockets, clock } = await connected({
      lifecycle: life.source,
      heartbeat: { type: 'deribit', interval: 30_000, timeout: 2000 },
      protocol: deribitLike,
    });
    life.emit('online');
    sockets.last.receive({ jsonrpc: '2.0', result: { version: '1' } });
    await clock.advance(2000);
    expect(client.getState()).toBe('connected');
  });

  it('online while waiting to reconnect skips the backoff wait', async () => {
    const life = signals();
    const r = await connected({ lifecycle: life.source, retryDelay: 10_000, healthyUptime: 60_000 });
    r.sockets.last.serverClose(1006);
    await r.clock.advance(0); // immediate first retry…
    r.sockets.last.fail(); // …fails: now a backoff wait of up to 20 s
    await r.clock.flush();
    expect(r.sockets.sockets).toHaveLength(2);
    life.emit('offline'); // going offline changes nothing while waiting
    expect(r.sockets.sockets).toHaveLength(2);
    life.emit('online');
    expect(r.sockets.sockets).toHaveLength(3);
    r.sockets.last.open();
    await r.clock.flush();
    expect(r.client.getState()).toBe('connected');
  });

  it('pagehide closes the socket (so the page can enter the back/forward cache) and pageshow reconnects', async () => {
    const life = signals();
    const { client, sockets, clock } = await connected({ lifecycle: life.source });
    const first = sockets.last;
    life.emit('pagehide');
    expect(first.closes).toEqual([{ code: 1000, reason: 'page hidden' }]);
    expect(client.getState()).toBe('reconnecting');
    await clock.advance(60_000);
    expect(sockets.sockets).toHaveLength(1); // no reconnect while the page is hidden
    life.emit('pageshow');
    expect(sockets.sockets).toHaveLength(2);
    sockets.last.open();
    await clock.flush();
    expect(client.getState()).toBe('connected');
  });

  it('hidden does nothing, and close() stops listening', async () => {
    const life = signals();
    const r = rig({ lifecycle: life.source });
    r.sockets.last.open();
    await r.started;
    life.emit('hidden');
    expect(r.sockets.last.sent).toEqual([]);
    expect(life.listening()).toBe(true);
    await r.client.close();
    expect(life.listening()).toBe(false);
  });

  it("without a lifecycle option, the socket factory's own signals are followed (the page's, on the browser's factories)", async () => {
    const page = signals();
    const factory = createFakeSocketFactory({ mode: 'w3c' });
    const { client, started } = rig({ socketFactory: Object.assign(factory, { lifecycle: page.source }) });
    const sockets = factory;
    sockets.last.open();
    await started;
    expect(page.listening()).toBe(true);
    page.emit('pagehide');
    expect(sockets.last.closes).toEqual([{ code: 1000, reason: 'page hidden' }]);
    page.emit('pageshow');
    expect(sockets.sockets).toHaveLength(2);
    await client.close();
    expect(page.listening()).toBe(false);
  });

  it("a lifecycle option wins over the socket factory's signals", async () => {
    const page = signals();
    const own = signals();
    const factory = createFakeSocketFactory({ mode: 'w3c' });
    const { started } = rig({
      socketFactory: Object.assign(factory, { lifecycle: page.source }),
      lifecycle: own.source,
    });
    const sockets = factory;
    sockets.last.open();
    await started;
    expect(page.listening()).toBe(false);
    expect(own.listening()).toBe(true);
    own.emit('pagehide');
    expect(sockets.last.closes).toEqual([{ code: 1000, reason: 'page hidden' }]);
  });
});
