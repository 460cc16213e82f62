// The dead-man's switch keeper's state machine on a fake clock: the transition table, the window timer
// (expiring → fired only when the window ends without the connection coming back), and the client order ids.

import {
  clientOrderIds,
  DeadMansSwitch,
  type KeeperChange,
  type KeeperEvent,
  type KeeperMechanism,
  type KeeperState,
  keeperTransition,
} from '@zen-websocket/core/internal';
import { createFakeClock } from '@zen-websocket/testing/fakes';
import { describe, expect, it } from 'vitest';

const WINDOW: KeeperMechanism = { kind: 'window', windowMs: 10_000 };
const COD: KeeperMechanism = { kind: 'on_disconnect' };

function keeper(mechanism: KeeperMechanism) {
  const clock = createFakeClock();
  const changes: KeeperChange[] = [];
  const k = new DeadMansSwitch(
    mechanism,
    clock,
    (c) => changes.push(c),
    () => clock.time,
  );
  return { clock, k, changes, states: () => changes.map((c) => c.to) };
}

describe('keeperTransition', () => {
  const STATES: KeeperState[] = ['off', 'unsupported', 'armed', 'expiring', 'fired'];
  const EVENTS: KeeperEvent[] = ['armed', 'lost', 'unhealthy', 'healthy', 'expired', 'off'];

  it('cancel-on-disconnect fires the moment the connection is lost; nothing expires', () => {
    expect(keeperTransition('armed', 'lost', COD)).toBe('fired');
    expect(keeperTransition('armed', 'unhealthy', COD)).toBeUndefined();
    expect(keeperTransition('armed', 'expired', COD)).toBeUndefined();
    expect(keeperTransition('fired', 'armed', COD)).toBe('armed');
    expect(keeperTransition('off', 'lost', COD)).toBeUndefined();
  });

  it('a window venue expires on a loss or a missed heartbeat, recovers on a heartbeat, fires when the window ends', () => {
    expect(keeperTransition('armed', 'lost', WINDOW)).toBe('expiring');
    expect(keeperTransition('armed', 'unhealthy', WINDOW)).toBe('expiring');
    expect(keeperTransition('expiring', 'healthy', WINDOW)).toBe('armed');
    expect(keeperTransition('expiring', 'expired', WINDOW)).toBe('fired');
    expect(keeperTransition('expiring', 'armed', WINDOW)).toBe('armed');
    expect(keeperTransition('fired', 'healthy', WINDOW)).toBeUndefined();
  });

  it('unsupported never changes; off and fired stay put until armed', () => {
    for (const s of STATES)
      for (const e of EVENTS) expect(keeperTransition(s, e, { kind: 'unsupported', reason: 'none' })).toBeUndefined();
    for (const m of [COD, WINDOW])
      for (const e of EVENTS.filter((x) => x !== 'armed' && x !== 'off')) {
        expect(keeperTransition('off', e, m)).toBeUndefined();
        expect(keeperTransition('fired', e, m)).toBeUndefined();
      }
  });
});

describe('DeadMansSwitch', () => {
  it('starts off (unsupported when the venue has none) and reports every change with its reason', () => {
    expect(new DeadMansSwitch(WINDOW, createFakeClock(), () => {}).state).toBe('off');
    expect(new DeadMansSwitch({ kind: 'unsupported', reason: 'spot' }, createFakeClock(), () => {}).state).toBe(
      'unsupported',
    );
    const { k, changes } = keeper(COD);
    k.on('armed', 'enabled');
    k.on('lost', 'socket closed');
    expect(changes).toEqual([
      { from: 'off', to: 'armed', reason: 'enabled' },
      { from: 'armed', to: 'fired', reason: 'socket closed' },
    ]);
  });

  it('fires when the window ends without the connection coming back, with the deadline it announced', async () => {
    const { clock, k, changes, states } = keeper(WINDOW);
    k.on('armed', 'dcp');
    k.on('lost', 'socket closed');
    expect(changes[1]).toEqual({
      from: 'armed',
      to: 'expiring',
      reason: 'socket closed',
      deadline: clock.time + 10_000,
    });
    await clock.advance(9_999);
    expect(k.state).toBe('expiring');
    await clock.advance(1);
    expect(states()).toEqual(['armed', 'expiring', 'fired']);
    expect(clock.pending).toBe(0);
  });

  it('does not fire when the connection comes back within the window; a new loss starts a new window', async () => {
    const { clock, k, states } = keeper(WINDOW);
    k.on('armed', 'dcp');
    k.on('lost', 'socket closed');
    await clock.advance(9_000);
    k.on('armed', 'dcp restored');
    await clock.advance(5_000);
    expect(k.state).toBe('armed');
    k.on('unhealthy', 'heartbeat missed');
    await clock.advance(9_000);
    k.on('healthy', 'heartbeat answered');
    await clock.advance(20_000);
    expect(states()).toEqual(['armed', 'expiring', 'armed', 'expiring', 'armed']);
    expect(clock.pending).toBe(0);
  });

  it('off stops the timer', async () => {
    const { clock, k, states } = keeper(WINDOW);
    k.on('armed', 'dcp');
    k.on('lost', 'socket closed');
    k.on('off', 'session closed');
    await clock.advance(60_000);
    expect(states()).toEqual(['armed', 'expiring', 'off']);
    expect(clock.pending).toBe(0);
  });
});

describe('clientOrderIds', () => {
  it('are unique, in one format, within every venue limit (letters, digits, one dash, ≤ 36)', () => {
    const next = clientOrderIds();
    const ids = Array.from({ length: 10_000 }, next);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^zw[0-9a-z]{12,}-[0-9a-z]+$/);
    expect(Math.max(...ids.map((id) => id.length))).toBeLessThanOrEqual(36);
    expect(clientOrderIds(1, () => 0)()).toBe('zw10000-1');
    expect(clientOrderIds(2, () => 0)()).not.toBe(clientOrderIds(1, () => 0)());
  });
});
