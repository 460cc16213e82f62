// Strict options and argument checks: typos and wrong values are refused at once with a clear typed error.
import { connectVia, createSharedBudget, startGateway, subjectFor } from '@zen-websocket/nats';
import { describe, expect, it } from 'vitest';
import { later, natsConnection, natsServer } from './helpers.js';

describe('options', () => {
  it('refuses misspelt options naming the likely one, and bad values', async () => {
    const server = await natsServer();
    const nats = await natsConnection(server);
    const connect = async () => {
      throw new Error('never called');
    };
    await expect(startGateway({ nats, venue: 'deribit', connect, leaseTTLms: 100 } as never)).rejects.toThrow(
      /startGateway: unknown option "leaseTTLms" \(did you mean "leaseTtlMs"\?\)/,
    );
    await expect(startGateway({ nats, venue: 'Deribit!', connect })).rejects.toThrow(TypeError);
    await expect(startGateway({ nats, venue: 'deribit', connect, leaseTtlMs: 10 })).rejects.toThrow(RangeError);
    await expect(startGateway({ nats: {} as never, venue: 'deribit', connect })).rejects.toThrow(/NatsConnection/);
    await expect(startGateway({ nats, venue: 'deribit', connect: 'x' as never })).rejects.toThrow(/connect/);
    await expect(startGateway({ nats, venue: 'deribit', connect, channels: ['a..b'] })).rejects.toThrow(/empty token/);
    await expect(connectVia(nats, 'deribit', { timout: 5 } as never)).rejects.toThrow(/did you mean "timeout"/);
    await expect(createSharedBudget({ nats, key: 'k', capacity: 5, refilRate: 1 } as never)).rejects.toThrow(
      /did you mean "refillRate"/,
    );
    await expect(createSharedBudget({ nats, key: 'bad key', capacity: 5, refillRate: 1 })).rejects.toThrow(TypeError);
    const via = await connectVia(nats, 'deribit');
    later(() => via.close());
    await expect(via.request('public/get_time', {}, { timeot: 5 } as never)).rejects.toThrow(/did you mean "timeout"/);
    expect(() => via.orderBook('BTC-PERPETUAL', { intervall: '100ms' } as never)).toThrow(/did you mean "interval"/);
    await expect(via.subscribe('a..b')).rejects.toThrow(/empty token/);
  });

  it('maps channels to subjects reversibly', () => {
    expect(subjectFor('deribit', 'book.BTC-PERPETUAL.100ms')).toBe('zen.deribit.data.book.BTC-PERPETUAL.100ms');
    expect(subjectFor('binance', 'btcusdt@depth@100ms')).toBe('zen.binance.data.btcusdt%40depth%40100ms');
    expect(subjectFor('bybit', 'a b*>%')).toBe('zen.bybit.data.a%20b%2A%3E%25');
    expect(decodeURIComponent('a%20b%2A%3E%25')).toBe('a b*>%');
  });
});
