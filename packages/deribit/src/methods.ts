import type { DeribitMethods, Params } from './types.js';

/**
 * The helpers: the `public/` ones, `|`, then the `private/` ones. Each name is its method's in camel case
 * (`getOrderBook` → `public/get_order_book`); `=key` names the parameter a positional first argument fills.
 */
const TABLE =
  'test getTime ticker=instrument_name getOrderBook=instrument_name getInstruments=currency|buy sell cancel=order_id cancelAll getOpenOrders getOrderState=order_id enableCancelOnDisconnect=scope disableCancelOnDisconnect=scope getCancelOnDisconnect=scope';

/** The typed helpers, each a thin `request(method, params)`. */
export function methods(request: (method: string, params?: Params) => Promise<unknown>): DeribitMethods {
  const out: Record<string, unknown> = {};
  for (const [i, names] of TABLE.split('|').entries())
    for (const spec of names.split(' ')) {
      const [name = '', key = ''] = spec.split('=');
      const method = `${i ? 'private' : 'public'}/${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
      out[name] = (first?: string | Params, more?: Params) =>
        request(method, typeof first === 'string' ? { ...more, [key]: first } : first);
    }
  return out as unknown as DeribitMethods;
}
