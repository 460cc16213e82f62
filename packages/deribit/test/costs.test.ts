// Deribit's limiter costs and preset (moved from core: core keeps the mechanism, the venue its numbers).
import { Telemetry } from '@zen-websocket/core';
import { createRateLimiter } from '@zen-websocket/core/limiter';
import { createFakeClock } from '@zen-websocket/testing/fakes';
import { describe, expect, it } from 'vitest';
import { deribitCost, deribitLimits } from '../src/index.js';

describe('Deribit limiter costs', () => {
  it('deribitCost: 500 credits per request, ping frames free', () => {
    expect(deribitCost({ jsonrpc: '2.0', id: 1, method: 'public/get_time' })).toBe(500);
    expect(deribitCost({ method: 'private/buy', params: {} })).toBe(500);
    expect(deribitCost('{"method":"public/test"}')).toBe(500);
    expect(deribitCost({ ping: 'abc' })).toBe(0);
  });

  it('deribitLimits makes a working limiter with the documented burst of 100', () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({ ...deribitLimits(), clock, telemetry: new Telemetry() });
    expect(limiter.take({ id: 1, method: 'public/test' })).toBeUndefined();
    limiter.close();
    const deribit = createRateLimiter({ ...deribitLimits(), clock, queue: false, telemetry: new Telemetry() });
    let sent = 0;
    while (deribit.tryAcquire({ method: 'public/test' })) sent++;
    expect(sent).toBe(100);
  });
});
