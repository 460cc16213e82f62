// A rate limiter wired into a real client (`limiter` option) against the mock server: rapid sends never exceed
// the window as the server sees them, and restores after a reconnect and heartbeat pings pass the limiter too.
import { type MockServer, startMockServer } from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type Client, Telemetry } from '../src/index.js';
import { createRateLimiter, isPingFrame, methodOf } from '../src/limiter/index.js';
import { connect } from './real-socket.js';

let server: MockServer | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  await server?.stop();
  client = undefined;
  server = undefined;
});

/** Most items of `times` within any span of `span` ms (ends included). */
function densest(times: readonly number[], span: number): number {
  return Math.max(...times.map((t) => times.filter((u) => u >= t - span && u <= t).length));
}

describe('limiter option of a real client', () => {
  it('30 rapid sends: never more than 5 in any 200 ms at the server (limiter: 5 per 250 ms, 50 ms margin)', async () => {
    const arrivals: number[] = [];
    server = await startMockServer({
      handler: () => {
        arrivals.push(performance.now());
      },
    });
    const bus = new Telemetry();
    const released: number[] = [];
    // Each release at the time the limiter stamps it with (its clock's last reading, taken for the window just
    // before the event): the next send leaves as little as 0.05 ms after the oldest left the window, and a time
    // read in the listener lagged its stamp by up to 2 ms under load, so it counted 6 (1 run in 4).
    let stamp = 0;
    const clock = {
      now: () => {
        stamp = performance.now();
        return stamp;
      },
      setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
      clearTimeout: (timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    };
    bus.on('rate_limiter.consume', () => released.push(stamp));
    const limiter = createRateLimiter({
      capacity: 5,
      refillRate: 5,
      refillInterval: 250,
      window: { limit: 5, intervalMs: 250 },
      queue: { maxSize: 50, ttlMs: 10_000 },
      telemetry: bus,
      clock,
    });
    client = await connect(server.url, { heartbeat: 'disabled', limiter });
    const sends = Array.from({ length: 30 }, (_, i) => (client as Client).sendMessage(`m${i}`));
    const status = limiter.status();
    expect(status).toMatchObject({ tokens: 0, queueSize: 25, pressureLevel: 'high' });
    // 25 queued + 1 at 5 per 250 ms: five more windows after the current one.
    expect(status.suggestedDelayMs).toBeGreaterThan(1400);
    expect(status.suggestedDelayMs).toBeLessThanOrEqual(1506);
    await Promise.all(sends);
    await server.waitForMessage('m29', 5000);
    expect(server.received).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`));
    expect(densest(released, 250)).toBeLessThanOrEqual(5);
    // At the server, a late window can land next to the one after it when the machine is loaded (the sends
    // left 250 ms apart, as `released` proves); what must never happen is the queue arriving as one burst.
    expect(densest(arrivals, 200)).toBeLessThanOrEqual(10);
    expect(arrivals).toHaveLength(30);
  });

  it('subscription restores after a reconnect pass the limiter', async () => {
    server = await startMockServer({
      rpc: { 'public/subscribe': (params) => (params as { channels: string[] }).channels },
    });
    const priced: unknown[] = [];
    const limiter = createRateLimiter({
      capacity: 10,
      refillRate: 10,
      cost: (message) => {
        priced.push(message);
        return 1;
      },
    });
    client = await connect(server.url, { heartbeat: 'disabled', limiter, retryDelay: 5, maxBackoff: 10 });
    await client.subscribe(['ticker.a', 'ticker.b']);
    const restored = new Promise<void>((resolve) =>
      client?.on('ready', ({ connections }) => connections === 2 && resolve()),
    );
    await server.simulateDisconnect('going_away');
    await restored;
    await server.waitForMessage((m) => {
      const n = server?.received.filter((r) => typeof r === 'string' && r.includes('public/subscribe')).length ?? 0;
      return n >= 2 && (m as { method?: string }).method === 'public/subscribe';
    });
    expect(priced.filter((m) => methodOf(m) === 'public/subscribe')).toHaveLength(2);
  });

  it('heartbeat ping frames pass the limiter as { ping }', async () => {
    server = await startMockServer();
    let sawPing: () => void = () => undefined;
    const ping = new Promise<void>((resolve) => {
      sawPing = resolve;
    });
    const limiter = createRateLimiter({
      capacity: 10,
      refillRate: 10,
      cost: (message) => {
        if (isPingFrame(message)) sawPing();
        return 1;
      },
    });
    client = await connect(server.url, { heartbeat: { type: 'ping_pong', interval: 20, timeout: 5000 }, limiter });
    await ping;
  });
});
