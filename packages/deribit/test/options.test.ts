// Option validation: mistakes are TypeError/RangeError before any network activity.
import { createDeribitClient, DERIBIT_MAINNET, DERIBIT_TESTNET, type DeribitOptions } from '@zen-websocket/deribit';
import { describe, expect, it } from 'vitest';
import { nodeSocketFactory } from 'zen-websocket';
import { simulator } from './helpers.js';

describe('options', () => {
  it('rejects bad options before connecting', async () => {
    const sim = await simulator();
    const base = { url: sim.url, socketFactory: nodeSocketFactory };
    const cases: Array<[DeribitOptions, ErrorConstructor, RegExp]> = [
      [{ heartbeatInterval: 5 }, RangeError, /heartbeatInterval.*at least 10/],
      [{ heartbeatInterval: Number.NaN }, RangeError, /heartbeatInterval/],
      [{ auth: 'password' as never }, TypeError, /options.auth/],
      [{ clientId: 'id' }, TypeError, /clientId and options.clientSecret/],
      [
        { clientId: 'id', clientSecret: 's', credentials: () => ({ clientId: 'a', clientSecret: 'b' }) },
        TypeError,
        /credentials/,
      ],
      [{ cancelOnDisconnect: true }, TypeError, /cancelOnDisconnect needs credentials/],
      [{ scope: 5 as never }, TypeError, /scope/],
      [{ retryCont: 3 } as never, TypeError, /Unknown option "retryCont"/],
    ];
    for (const [options, type, message] of cases) {
      const error = await createDeribitClient({ ...base, ...options }).catch((e: unknown) => e);
      expect(error, JSON.stringify(options)).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(message);
    }
    await expect(createDeribitClient({ url: sim.url })).rejects.toThrow(/socketFactory/);
    expect(sim.connectionCount).toBe(0);
  });

  it('defaults to testnet and exports both endpoints', () => {
    expect(DERIBIT_TESTNET).toBe('wss://test.deribit.com/ws/api/v2');
    expect(DERIBIT_MAINNET).toBe('wss://www.deribit.com/ws/api/v2');
  });

  it('connects without credentials for public data only', async () => {
    const sim = await simulator();
    const client = await createDeribitClient({ url: sim.url, socketFactory: nodeSocketFactory });
    try {
      expect(sim.requests().map((r) => r.method)).toEqual(['public/set_heartbeat']);
      expect(await client.ticker('BTC-PERPETUAL')).toMatchObject({ instrument_name: 'BTC-PERPETUAL' });
      await expect(client.getOpenOrders()).rejects.toMatchObject({ rpcCode: 13009, rpcMessage: 'unauthorized' });
      await expect(client.authenticate()).rejects.toThrow(TypeError);
      expect(client.url).toBe(sim.url);
    } finally {
      await client.close();
    }
  });
});
