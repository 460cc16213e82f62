// Binance's limiter costs and presets (moved from core: core keeps the mechanism, the venue its numbers).
import { Telemetry } from '@zen-websocket/core';
import { createRateLimiter } from '@zen-websocket/core/limiter';
import { createFakeClock } from '@zen-websocket/testing/fakes';
import { describe, expect, it } from 'vitest';
import { binanceApiLimits, binanceCost, binanceStreamLimits } from '../src/index.js';

describe('Binance limiter costs', () => {
  it('binanceCost: WebSocket API weights, depth by limit, 1 for stream control and frames', () => {
    expect(binanceCost({ id: 1, method: 'klines', params: {} })).toBe(2);
    expect(binanceCost({ id: 1, method: 'v3/order.place', params: {} })).toBe(1);
    expect(binanceCost({ id: 1, method: 'session.logon', params: {} })).toBe(2);
    expect(binanceCost({ id: 1, method: 'exchangeInfo' })).toBe(20);
    expect(binanceCost({ id: 1, method: 'depth', params: { limit: 1000 } })).toBe(50);
    expect(binanceCost('{"id":1,"method":"depth","params":{"limit":5000}}')).toBe(250);
    expect(binanceCost({ id: 1, method: 'SUBSCRIBE', params: ['btcusdt@trade'] })).toBe(1);
    expect(binanceCost({ id: 1, method: 'constructor' })).toBe(1);
    expect(binanceCost({ ping: '' })).toBe(1);
    expect(binanceCost(new Uint8Array(3))).toBe(1);
  });

  it('the presets make working limiters', () => {
    const clock = createFakeClock();
    for (const preset of [binanceStreamLimits(), binanceApiLimits()]) {
      const limiter = createRateLimiter({ ...preset, clock, telemetry: new Telemetry() });
      expect(limiter.take({ id: 1, method: 'ping' })).toBeUndefined();
      limiter.close();
    }
  });
});
