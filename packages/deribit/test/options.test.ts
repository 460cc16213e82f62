// Option validation: mistakes are TypeError/RangeError before any network activity.

import { resolveOptions } from '@zen-websocket/core/internal';
import { createDeribitClient, DERIBIT_MAINNET, DERIBIT_TESTNET, type DeribitOptions } from '@zen-websocket/deribit';
import { wsSocketFactory } from '@zen-websocket/testing';
import { describe, expect, it } from 'vitest';
import { CORE_OPTIONS } from '../src/options.js';
import { simulator } from './helpers.js';

describe('options', () => {
  it('rejects bad options before connecting', async () => {
    const sim = await simulator();
    const base = { url: sim.url, socketFactory: wsSocketFactory };
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
      [{ retryCont: 3 } as never, TypeError, /unknown option "retryCont"/i],
    ];
    for (const [options, type, message] of cases) {
      const error = await createDeribitClient({ ...base, ...options }).catch((e: unknown) => e);
      expect(error, JSON.stringify(options)).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(message);
    }
    expect(sim.connectionCount).toBe(0);
  });

  it('names a misspelt option, the nearest valid one, and lists Deribit’s own options', async () => {
    const sim = await simulator();
    const base = { url: sim.url, socketFactory: wsSocketFactory };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ clientID: 'id', clientSecret: 's' }, 'unknown option "clientID" (did you mean "clientId"?)'],
      [{ client_secret: 's' }, 'unknown option "client_secret" (did you mean "clientSecret"?)'],
      [{ heartbeatIntervall: 15 }, 'unknown option "heartbeatIntervall" (did you mean "heartbeatInterval"?)'],
      [{ cancelOnDisconect: true }, 'unknown option "cancelOnDisconect" (did you mean "cancelOnDisconnect"?)'],
      [{ retryCont: 3 }, 'unknown option "retryCont" (did you mean "retryCount"?)'],
      [
        // core's heartbeat object is the adapter's: Deribit's own setting is heartbeatInterval (seconds)
        { heartbeat: { type: 'ping_pong' } },
        'unknown option "heartbeat" (did you mean "heartbeatInterval"?). Valid options: url, clientId, clientSecret, credentials, auth, scope, heartbeatInterval, ',
      ],
      [
        { protocol: {} },
        'unknown option "protocol". Valid options: url, clientId, clientSecret, credentials, auth, scope, heartbeatInterval, ',
      ],
      [{ zzz: 1 }, 'unknown option "zzz". Valid options: '],
    ];
    for (const [options, message] of cases) {
      const error = (await createDeribitClient({ ...base, ...options } as DeribitOptions).catch(
        (e: unknown) => e,
      )) as Error;
      expect(error, JSON.stringify(options)).toBeInstanceOf(TypeError);
      expect(error.message).toContain(`createDeribitClient: ${message}`);
      expect(error.message).not.toContain('must both be non-empty strings');
      const valid = error.message.slice(error.message.indexOf('Valid options: '));
      for (const name of ['url', 'clientId', 'clientSecret', 'credentials', 'auth', 'scope', 'heartbeatInterval'])
        expect(valid).toContain(name);
      for (const name of ['cancelOnDisconnect', 'classify', 'socketFactory', 'retryCount', 'requestTimeout'])
        expect(valid).toContain(name);
    }
    expect(sim.connectionCount).toBe(0);
  });

  it('passes through only options the core knows', () => {
    for (const name of CORE_OPTIONS)
      expect(
        () => resolveOptions('ws://127.0.0.1:1', { [name]: undefined, socketFactory: wsSocketFactory }),
        name,
      ).not.toThrow();
  });

  it('accepts undefined credentials (unset environment variables) as a public client', async () => {
    const sim = await simulator();
    const env: Record<string, string | undefined> = {};
    const client = await createDeribitClient({
      url: sim.url,
      socketFactory: wsSocketFactory,
      clientId: env.DERIBIT_CLIENT_ID,
      clientSecret: env.DERIBIT_CLIENT_SECRET,
      credentials: undefined,
      scope: undefined,
    });
    try {
      expect(sim.requests('public/auth')).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('defaults to testnet and exports both endpoints', () => {
    expect(DERIBIT_TESTNET).toBe('wss://test.deribit.com/ws/api/v2');
    expect(DERIBIT_MAINNET).toBe('wss://www.deribit.com/ws/api/v2');
  });

  it('connects without credentials for public data only', async () => {
    const sim = await simulator();
    const client = await createDeribitClient({ url: sim.url, socketFactory: wsSocketFactory });
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
