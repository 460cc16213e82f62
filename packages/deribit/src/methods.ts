import type { DeribitMethods, Params } from './types.js';

/** Helper name → `method` and the parameter a positional first argument fills. */
const TABLE: Record<keyof DeribitMethods, string> = {
  test: 'public/test',
  getTime: 'public/get_time',
  ticker: 'public/ticker instrument_name',
  getOrderBook: 'public/get_order_book instrument_name',
  getInstruments: 'public/get_instruments currency',
  buy: 'private/buy',
  sell: 'private/sell',
  cancel: 'private/cancel order_id',
  cancelAll: 'private/cancel_all',
  getOpenOrders: 'private/get_open_orders',
  getOrderState: 'private/get_order_state order_id',
  enableCancelOnDisconnect: 'private/enable_cancel_on_disconnect scope',
  disableCancelOnDisconnect: 'private/disable_cancel_on_disconnect scope',
  getCancelOnDisconnect: 'private/get_cancel_on_disconnect scope',
};

/** The typed helpers, each a thin `request(method, params)`. */
export function methods(request: (method: string, params?: Params) => Promise<unknown>): DeribitMethods {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(TABLE)) {
    const [method = '', key = ''] = spec.split(' ');
    out[name] = (first?: string | Params, more?: Params) =>
      request(method, typeof first === 'string' ? { ...more, [key]: first } : first);
  }
  return out as unknown as DeribitMethods;
}
