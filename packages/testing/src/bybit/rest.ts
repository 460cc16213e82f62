/**
 * The slice of Bybit's v5 REST a trading session needs to reconcile, as Bybit documents it:
 * `GET /v5/order/realtime` (open orders with `openOnly=0`, the default; recently closed ones with `openOnly=1`;
 * filtered by `symbol`, `orderId`, `orderLinkId`), `GET /v5/position/list` (linear positions, by `symbol` or
 * `settleCoin`) and `GET /v5/account/wallet-balance` (`accountType=UNIFIED`), signed with `X-BAPI-API-KEY`, `X-BAPI-TIMESTAMP`,
 * `X-BAPI-RECV-WINDOW` and `X-BAPI-SIGN` = hex HMAC-SHA256 of timestamp + apiKey + recvWindow + query string.
 * Every answer is HTTP 200 with Bybit's `retCode`/`retMsg` envelope.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type OrderBookkeeper, view } from './orders.js';

/** What the REST handler reads from the simulator. */
export interface RestContext {
  readonly keeper: OrderBookkeeper;
  readonly secrets: ReadonlyMap<string, string>;
  /** The server's clock, ms (default `Date.now`; the simulator's is skewed by `clockSkewMs`). */
  readonly now?: () => number;
}

const OPEN = new Set(['New', 'PartiallyFilled', 'Untriggered']);

/**
 * The `X-BAPI-SIGN` of a v5 GET request: hex HMAC-SHA256 of timestamp + apiKey + recvWindow + query string.
 *
 * @example
 * bybitRestSignature('sim-secret', '1700000000000', 'sim-key', '5000', 'category=linear'); // 64 hex characters
 */
export function bybitRestSignature(
  secret: string,
  timestamp: string,
  apiKey: string,
  recv: string,
  query: string,
): string {
  return createHmac('sha256', secret).update(`${timestamp}${apiKey}${recv}${query}`).digest('hex');
}

/**
 * Answers one HTTP request on the simulator's port.
 *
 * @example
 * kit.listener.server.on('request', (req, res) => handleBybitRest(ctx, req, res));
 */
export function handleBybitRest(ctx: RestContext, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const answer = (out: BybitRestAnswer) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...out, retExtInfo: {}, time: (ctx.now ?? Date.now)() }));
  };
  if (req.method !== 'GET' || !PATHS.has(url.pathname)) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    return void res.end('Not Found');
  }
  const header = (name: string) => String(req.headers[name.toLowerCase()] ?? '');
  const apiKey = header('X-BAPI-API-KEY');
  const timestamp = header('X-BAPI-TIMESTAMP');
  const recv = header('X-BAPI-RECV-WINDOW') || '5000';
  const secret = ctx.secrets.get(apiKey);
  if (!secret) return answer(refusal(10003, 'API key is invalid.'));
  const now = (ctx.now ?? Date.now)();
  if (!(now - Number(recv) <= Number(timestamp) && Number(timestamp) < now + 1000))
    return answer(refusal(10002, 'invalid request, please check your server timestamp or recv_window param'));
  const query = url.search.slice(1);
  if (!same(header('X-BAPI-SIGN'), bybitRestSignature(secret, timestamp, apiKey, recv, query)))
    return answer(refusal(10004, `error sign! origin_string[${timestamp}${apiKey}${recv}${query}]`));
  answer(bybitRestQuery(ctx.keeper, apiKey, url.pathname, url.searchParams));
}

/** A REST answer's envelope (without `retExtInfo` and `time`). */
export interface BybitRestAnswer {
  retCode: number;
  retMsg: string;
  result: Record<string, unknown>;
}

const PATHS = new Set(['/v5/order/realtime', '/v5/position/list', '/v5/account/wallet-balance']);
const refusal = (retCode: number, retMsg: string): BybitRestAnswer => ({ retCode, retMsg, result: {} });

/**
 * Answers a checked (signed) GET of `apiKey` from the bookkeeper: `/v5/order/realtime`, `/v5/position/list`
 * (linear; `symbol` or `settleCoin` required, as on Bybit) or `/v5/account/wallet-balance` (`UNIFIED`). The
 * simulator's HTTP handler and the paper engine share it.
 *
 * @example
 * bybitRestQuery(keeper, 'sim-key', '/v5/position/list', new URLSearchParams('category=linear&settleCoin=USDT'));
 */
export function bybitRestQuery(
  keeper: OrderBookkeeper,
  apiKey: string,
  path: string,
  p: URLSearchParams,
): BybitRestAnswer {
  if (path === '/v5/account/wallet-balance') {
    if (p.get('accountType') !== 'UNIFIED') return refusal(10001, 'accountType only support UNIFIED');
    return { retCode: 0, retMsg: 'OK', result: { list: [keeper.ledger.wallet(apiKey)] } };
  }
  if (!PATHS.has(path)) return refusal(10001, `unknown path ${path}`);
  const category = p.get('category');
  if (!category) return refusal(10001, 'params error: category is required');
  if (path === '/v5/position/list') {
    if (category !== 'linear') return refusal(10001, 'params error: category only support linear or inverse');
    const symbol = p.get('symbol') ?? undefined;
    if (!symbol && !p.get('settleCoin')) return refusal(10001, 'params error: symbol or settleCoin is required');
    const coin = p.get('settleCoin');
    const list = keeper.ledger
      .positions(apiKey, category, (s) => keeper.mark(s), symbol)
      .filter((row) => !coin || String((row as { symbol: string }).symbol).endsWith(coin));
    return { retCode: 0, retMsg: 'OK', result: { category, list, nextPageCursor: '' } };
  }
  const closed = p.get('openOnly') === '1';
  const list = [...keeper.orders.values()]
    .filter((o) => o.apiKey === apiKey && o.category === category && OPEN.has(o.orderStatus) !== closed)
    .filter((o) => match(p.get('symbol'), o.symbol) && match(p.get('orderId'), o.orderId))
    .filter((o) => match(p.get('orderLinkId'), o.orderLinkId))
    .reverse()
    .map((o) => ({ ...view(o, Date.now()), timeInForce: 'GTC' }));
  return { retCode: 0, retMsg: 'OK', result: { category, list, nextPageCursor: '' } };
}

const match = (wanted: string | null, value: string) => wanted === null || wanted === value;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
