// The typed helpers: each sends Deribit's method, a positional first argument fills its parameter, and an
// object is sent as the params. The table is typed over DeribitMethods, so a helper added to the type but not
// to the adapter fails to compile here.

import { describe, expect, it } from 'vitest';
import { methods } from '../src/methods.js';
import type { DeribitMethods, Params } from '../src/types.js';

/** Each helper's method and the parameter a string first argument fills ('' = none). */
const EXPECTED: Record<keyof DeribitMethods, [string, string]> = {
  test: ['public/test', ''],
  getTime: ['public/get_time', ''],
  ticker: ['public/ticker', 'instrument_name'],
  getOrderBook: ['public/get_order_book', 'instrument_name'],
  getInstruments: ['public/get_instruments', 'currency'],
  buy: ['private/buy', ''],
  sell: ['private/sell', ''],
  cancel: ['private/cancel', 'order_id'],
  cancelAll: ['private/cancel_all', ''],
  getOpenOrders: ['private/get_open_orders', ''],
  getOrderState: ['private/get_order_state', 'order_id'],
  enableCancelOnDisconnect: ['private/enable_cancel_on_disconnect', 'scope'],
  disableCancelOnDisconnect: ['private/disable_cancel_on_disconnect', 'scope'],
  getCancelOnDisconnect: ['private/get_cancel_on_disconnect', 'scope'],
};

describe('methods', () => {
  const sent: Array<[string, Params | undefined]> = [];
  const helpers = methods(async (method, params) => {
    sent.push([method, params]);
    return method;
  }) as unknown as Record<string, (first?: unknown, more?: Params) => Promise<unknown>>;

  it('has exactly the typed helpers', () => {
    expect(Object.keys(helpers).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('sends each helper’s method, with a positional argument in its parameter', async () => {
    for (const [name, [method, key]] of Object.entries(EXPECTED)) {
      sent.length = 0;
      const call = helpers[name] as (first?: unknown, more?: Params) => Promise<unknown>;
      expect(await call({ a: 1 })).toBe(method);
      expect(sent, name).toEqual([[method, { a: 1 }]]);
      if (!key) continue;
      sent.length = 0;
      await call('X', { depth: 5 });
      expect(sent, name).toEqual([[method, { depth: 5, [key]: 'X' }]]);
    }
  });
});
