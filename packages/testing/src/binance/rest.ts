/**
 * The little REST a local order book needs (venues.md B5, B11.5): `GET /api/v3/depth` (a snapshot whose
 * `lastUpdateId` matches the diff stream), `GET /api/v3/time` and `GET /api/v3/exchangeInfo`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Market } from './market.js';

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
    return reply(200, ctx.market.snapshot(symbol, Number(url.searchParams.get('limit') ?? 100)));
  }
  reply(404, { code: -1000, msg: `No such endpoint: ${url.pathname}` });
}
