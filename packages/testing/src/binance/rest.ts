/**
 * The little REST a local order book needs (as Binance documents it): `GET /api/v3/depth` (a snapshot whose
 * `lastUpdateId` matches the diff stream), `GET /api/v3/time` and `GET /api/v3/exchangeInfo`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Market } from './market.js';

/** Binance's answer to a `limit` that is not a whole number ≥ 1. */
export const ILLEGAL_LIMIT = {
  code: -1100,
  msg: "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.",
};

/**
 * The levels a depth request returns: `limit` (default 100) capped at 5,000, as Binance documents; undefined
 * when `limit` is not a whole number ≥ 1.
 *
 * @example
 * depthLimit('1000'); // 1000
 * depthLimit(undefined); // 100
 */
export function depthLimit(limit: unknown): number | undefined {
  if (limit === undefined) return 100;
  const n =
    typeof limit === 'number'
      ? limit
      : typeof limit === 'string' && /^[0-9]{1,20}$/.test(limit)
        ? Number(limit)
        : Number.NaN;
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 5000) : undefined;
}

/**
 * The request weight of a depth request of `limit` levels (1–100: 5, –500: 25, –1000: 50, above: 250).
 *
 * @example
 * depthWeight(1000); // 50
 */
export function depthWeight(limit: number): number {
  return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
}

/** What the REST handler reads. */
export interface RestContext {
  readonly market: Market;
  readonly symbols: readonly string[];
  readonly weightLimit: number;
  now(): number;
}

/**
 * Handles one plain HTTP request.
 *
 * @example
 * server.on('request', (req, res) => handleRest(ctx, req, res));
 */
export function handleRest(ctx: RestContext, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const reply = (status: number, body: object): void => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (request.method !== 'GET') return reply(405, { code: -1000, msg: 'Only GET is simulated.' });
  if (url.pathname === '/api/v3/time') return reply(200, { serverTime: ctx.now() });
  if (url.pathname === '/api/v3/exchangeInfo') {
    return reply(200, {
      timezone: 'UTC',
      serverTime: ctx.now(),
      rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: ctx.weightLimit }],
      symbols: ctx.symbols.map((symbol) => ({ symbol, status: 'TRADING' })),
    });
  }
  if (url.pathname === '/api/v3/depth') {
    const symbol = url.searchParams.get('symbol') ?? '';
    if (!/^[A-Z0-9]{2,20}$/.test(symbol)) return reply(400, { code: -1121, msg: 'Invalid symbol.' });
    const limit = depthLimit(url.searchParams.get('limit') ?? undefined);
    if (limit === undefined) return reply(400, ILLEGAL_LIMIT);
    return reply(200, ctx.market.snapshot(symbol, limit));
  }
  reply(404, { code: -1000, msg: `No such endpoint: ${url.pathname}` });
}
