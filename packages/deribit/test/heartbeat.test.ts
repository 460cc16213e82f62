// Deribit heartbeats: set_heartbeat after every connect, and every test_request answered with public/test, so
// the server never closes the connection for silence.
import { describe, expect, it } from 'vitest';
import { deribit, next, simulator } from './helpers.js';

describe('heartbeats', () => {
  it('turns heartbeats on and answers every test_request, on every connection', async () => {
    const sim = await simulator({ heartbeatUnitMs: 5 }); // Deribit's 10 s minimum → 50 ms here
    const client = await deribit(sim, { heartbeatInterval: 10 });
    expect(sim.requests('public/set_heartbeat')[0]?.params).toEqual({ interval: 10 });
    let seen = 0;
    await sim.waitFor((e) => e.type === 'test_request' && ++seen === 4, 5000);
    expect(client.getHeartbeatHealth().activeHeartbeats).toContain('deribit_test_request');

    const ready = next(client, 'ready');
    await sim.drop();
    expect(await ready).toEqual({ connections: 2 });
    expect(sim.requests('public/set_heartbeat').map((r) => r.connection)).toEqual([1, 2]);
    let again = 0;
    await sim.waitFor((e) => e.type === 'test_request' && e.connection === 2 && ++again === 3, 5000);

    // Nothing it must answer is ignored: every test_request is followed by a public/test before the next one.
    for (const connection of [1, 2]) {
      const steps = sim.events
        .filter((e) => 'connection' in e && e.connection === connection)
        .filter((e) => e.type === 'test_request' || (e.type === 'request' && e.method === 'public/test'))
        .map((e) => e.type);
      const asked = steps.filter((t) => t === 'test_request').length;
      expect(asked).toBeGreaterThanOrEqual(3);
      const answered = steps.filter((t, i) => t === 'test_request' && steps[i + 1] === 'request').length;
      expect(answered).toBeGreaterThanOrEqual(asked - 1); // the last one may still be in flight
    }
    expect(sim.events.some((e) => e.type === 'heartbeat_timeout')).toBe(false);
    expect(sim.connectionCount).toBe(2);
  });
});
