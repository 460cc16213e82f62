import type { JsonObject, Protocol, Settlement } from '@zen-websocket/core';
import { BinanceError } from './errors.js';

/** A WebSocket API reply as `request()` returns it. */
export interface BinanceResponse<T = unknown> {
  status: number;
  result: T;
  /** Absent when `returnRateLimits` is off. */
  rateLimits?: import('./errors.js').RateLimit[];
}

const request = (method: string, params: unknown, id: number): JsonObject =>
  params === undefined ? { method, id } : { method, params, id };

/**
 * Binance's dialect for core's client: `{"method","params","id"}` out; `{"result","id"}` or
 * `{"error":{"code","msg"},"id"}` back. On the market streams `params` is an array and replies carry the
 * bare `result`; on the WebSocket API (`api: true`) `params` is an object and a reply settles to the whole
 * `{status, result, rateLimits}`.
 *
 * @example
 * connect(url, { protocol: binanceProtocol(), restoreSubscriptions: false })
 */
export function binanceProtocol(api = false): Protocol {
  return {
    name: 'binance',
    restoreBatchSize: 200,
    request,
    settle(reply, method): Settlement {
      const e = reply.error as { code?: number; msg?: string } | undefined;
      return e || !('result' in reply)
        ? { ok: false, error: new BinanceError(e?.code ?? -1000, e?.msg ?? 'Bad reply', reply, method) }
        : { ok: true, value: api ? reply : reply.result };
    },
    subscribe: (streams, id) => request('SUBSCRIBE', streams, id),
    unsubscribe: (streams, id) => request('UNSUBSCRIBE', streams, id),
    confirmed: (_result, requested) => requested,
    // Adapters send through request(); hand-written control messages are not tracked.
    outboundSubscription: () => undefined,
  };
}
