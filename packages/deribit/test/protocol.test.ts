// The Deribit dialect's reading of subscriptions a user sends by hand (`sendMessage`), so the core tracks and
// restores them: public and private, subscribe and unsubscribe; anything else is not a subscription.

import { describe, expect, it } from 'vitest';
import { deribitProtocol } from '../src/protocol.js';

describe('deribitProtocol', () => {
  const protocol = deribitProtocol(() => {});
  const read = (method: unknown, params?: unknown) =>
    protocol.outboundSubscription?.({ jsonrpc: '2.0', id: 1, method, params } as never);

  it('reads public and private subscribe and unsubscribe messages', () => {
    expect(read('public/subscribe', { channels: ['ticker.BTC-PERPETUAL.raw', 5] })).toEqual({
      op: 'subscribe',
      channels: ['ticker.BTC-PERPETUAL.raw'],
    });
    expect(read('private/subscribe', { channels: ['user.orders.any.any.raw'] })).toEqual({
      op: 'subscribe',
      channels: ['user.orders.any.any.raw'],
    });
    expect(read('public/unsubscribe', { channels: ['a'] })).toEqual({ op: 'unsubscribe', channels: ['a'] });
    expect(read('private/unsubscribe', { channels: ['b'] })).toEqual({ op: 'unsubscribe', channels: ['b'] });
  });

  it('ignores other methods and messages without a channel list', () => {
    for (const method of ['private/buy', 'public/subscribe_all', 'private/subscribe/x', 'subscribe', undefined, 7])
      expect(read(method, { channels: ['a'] }), String(method)).toBeUndefined();
    expect(read('private/subscribe', { channels: 'a' })).toBeUndefined();
    expect(read('public/subscribe')).toBeUndefined();
  });

  it('builds private requests for batches holding a user.* channel', () => {
    expect(protocol.subscribe(['user.trades.any.any.raw', 'ticker.X.raw'], 3)).toMatchObject({
      method: 'private/subscribe',
      params: { channels: ['user.trades.any.any.raw', 'ticker.X.raw'] },
    });
    expect(protocol.unsubscribe(['ticker.X.raw'], 4)).toMatchObject({ method: 'public/unsubscribe' });
  });
});
