// The router on stub members and a fake clock: the health formula, round-robin among equals, error decay,
// failover rules (never resend what may have been sent), and the typed pool errors.
import { createFakeClock } from '@zen-websocket/testing/fakes';
import { describe, expect, it } from 'vitest';
import { NotConnectedError, RequestError, Telemetry, type TelemetryEvents, ZenError } from '../src/index.js';
import { createRouter, healthScore, notSent, PoolError, type PoolMember } from '../src/pool/index.js';

interface Stub extends PoolMember {
  name: string;
  calls: number;
  state: string;
  pending: number;
  p50: number | null;
  fail: unknown;
}

function stub(name: string, fields: Partial<Stub> = {}): Stub {
  const member: Stub = {
    name,
    calls: 0,
    state: 'connected',
    pending: 0,
    p50: null,
    fail: undefined,
    ...fields,
    async sendMessage() {
      member.calls++;
      if (member.fail !== undefined) throw member.fail;
      return { from: member.name };
    },
    getState: () => member.state,
    getStateMetrics: () => ({ pendingRequestsSize: member.pending }),
    getLatencyStats: () => (member.p50 === null ? null : { p50: member.p50 }),
  };
  return member;
}

function setup() {
  const clock = createFakeClock();
  const bus = new Telemetry();
  const router = createRouter({ clock, telemetry: bus });
  return { clock, bus, router };
}

const unsent = () => new NotConnectedError('reconnecting');

describe('health score', () => {
  it('follows the original formula', () => {
    expect(healthScore({ pending: 0, latencyMs: 0, errors: 0 })).toBe(100);
    expect(healthScore({ pending: 0, latencyMs: 0, errors: 1 })).toBe(85);
    expect(healthScore({ pending: 0, latencyMs: 0, errors: 5 })).toBe(80);
    expect(healthScore({ pending: 8, latencyMs: 50, errors: 0 })).toBe(58);
    expect(healthScore({ pending: 999, latencyMs: 0, errors: 0 })).toBe(60);
    expect(healthScore({ pending: 999, latencyMs: 10_000, errors: 9 })).toBe(10);
  });

  it('reads members through their optional methods, optimistic when they are missing or throw', () => {
    const { router } = setup();
    const bare: PoolMember = { sendMessage: async () => undefined };
    const broken: PoolMember = {
      sendMessage: async () => undefined,
      getStateMetrics: () => {
        throw new Error('x');
      },
    };
    const busy = stub('busy', { pending: 2, p50: 100 });
    expect(router.health([bare, broken, busy]).map((h) => h.health)).toEqual([100, 100, 76]);
  });
});

describe('selection', () => {
  it('the healthiest wins; equals take turns; pool.route and pool.health are emitted', () => {
    const { bus, router } = setup();
    const routes: Array<TelemetryEvents['pool.route']> = [];
    const healths: Array<TelemetryEvents['pool.health']> = [];
    bus.on('pool.route', (e) => routes.push(e));
    bus.on('pool.health', (e) => healths.push(e));
    const [a, b, slow] = [stub('a'), stub('b'), stub('slow', { pending: 1 })];
    const picks = Array.from({ length: 4 }, () => (router.select([a, b, slow]) as { client: Stub }).client.name);
    expect(picks).toEqual(['b', 'a', 'b', 'a']);
    expect(routes[0]).toEqual({ health: 100, poolSize: 3, selected: b });
    expect(router.select([])).toBeUndefined();
    router.health([a, slow]);
    expect(healths).toEqual([{ poolSize: 2, avgHealth: 95 }]);
  });

  it('errors lower health and decay 60 s after the last one', async () => {
    const { clock, router } = setup();
    const a = stub('a', { fail: unsent() });
    const b = stub('b');
    await expect(router.sendBalanced('x', { clientDiscovery: () => [a] })).rejects.toBe(a.fail);
    a.fail = undefined;
    expect(router.health([a, b]).map((h) => h.health)).toEqual([85, 100]);
    await clock.advance(59_999);
    expect(router.health([a]).map((h) => h.health)).toEqual([85]);
    await clock.advance(1);
    expect(router.health([a]).map((h) => h.health)).toEqual([100]);
  });
});

describe('sendBalanced', () => {
  it('no candidates: no_connections (a typed PoolError); non-connected members are skipped', async () => {
    const { router } = setup();
    const error = await router.sendBalanced('x', { clientDiscovery: () => [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolError);
    expect(error).toBeInstanceOf(ZenError);
    expect(error).toMatchObject({ code: 'no_connections', name: 'PoolError' });
    const down = stub('down', { state: 'reconnecting' });
    await expect(router.sendBalanced('x', { clientDiscovery: () => [down] })).rejects.toMatchObject({
      code: 'no_connections',
    });
    expect(down.calls).toBe(0);
  });

  it('fails over on unsent failures and clears the winner’s errors; async discovery works', async () => {
    const { bus, router } = setup();
    const failovers: Array<TelemetryEvents['pool.failover']> = [];
    bus.on('pool.failover', (e) => failovers.push(e));
    const bad = stub('bad', { fail: unsent() });
    const good = stub('good', { pending: 1 });
    const reply = await router.sendBalanced('x', { clientDiscovery: async () => [bad, good] });
    expect(reply).toEqual({ from: 'good' });
    expect(failovers).toEqual([{ attempt: 1, failed: bad, reason: bad.fail }]);
  });

  it('never fails over a send whose outcome is unknown (an order is never sent twice)', async () => {
    const { router } = setup();
    const unknown = new RequestError('disconnected', 'lost', { sent: true, id: 7 });
    const a = stub('a', { fail: unknown });
    const b = stub('b', { pending: 1 });
    await expect(router.sendBalanced({ id: 7, method: 'private/buy' }, { clientDiscovery: () => [a, b] })).rejects.toBe(
      unknown,
    );
    expect(b.calls).toBe(0);
  });

  it('more candidates than attempts: max_attempts_exceeded with every failure', async () => {
    const { router } = setup();
    const members = ['a', 'b', 'c', 'd'].map((n) => stub(n, { fail: unsent() }));
    const error = (await router
      .sendBalanced('x', { clientDiscovery: () => members })
      .catch((e: unknown) => e)) as PoolError;
    expect(error).toBeInstanceOf(PoolError);
    expect(error.code).toBe('max_attempts_exceeded');
    expect(error.attempts).toBe(3);
    expect(error.errors).toHaveLength(3);
    expect(error.cause).toBe(error.errors[2]);
    expect(members.reduce((n, m) => n + m.calls, 0)).toBe(3);
  });

  it('fewer candidates than attempts: the last member’s own error', async () => {
    const { router } = setup();
    const members = ['a', 'b'].map((n) => stub(n, { fail: unsent() }));
    await expect(router.sendBalanced('x', { clientDiscovery: () => members, maxAttempts: 5 })).rejects.toBeInstanceOf(
      NotConnectedError,
    );
  });

  it('a custom shouldFailover, and argument checks', async () => {
    const { router } = setup();
    const a = stub('a', { fail: new Error('tab gone') });
    const b = stub('b', { pending: 1 });
    const reply = await router.sendBalanced('x', { clientDiscovery: () => [a, b], shouldFailover: () => true });
    expect(reply).toEqual({ from: 'b' });
    await expect(router.sendBalanced('x', { clientDiscovery: () => [a], maxAttempts: 0 })).rejects.toThrow(RangeError);
    expect(() => createRouter({ errorDecayMs: 0 })).toThrow(RangeError);
  });

  it('notSent: sent === false, not_connected or closed', () => {
    expect(notSent(new RequestError('overflow', 'full', { sent: false }))).toBe(true);
    expect(notSent(new RequestError('request_timeout', 'late', { sent: true }))).toBe(false);
    expect(notSent(new ZenError('closed', 'closed'))).toBe(true);
    expect(notSent(new ZenError('connection_closed', 'x'))).toBe(false);
    expect(notSent(new Error('?'))).toBe(false);
    expect(notSent(undefined)).toBe(false);
  });
});
