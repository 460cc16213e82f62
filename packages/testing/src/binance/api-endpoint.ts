/**
 * The simulated WebSocket API (`/ws-api/v3`, as Binance documents it): `{id, method, params}` requests answered with
 * `{id, status, result|error, rateLimits}`, request weights and bans, signed-request checks, sessions
 * (`session.logon` with Ed25519 keys), orders, and user-data subscriptions whose events arrive as
 * `{subscriptionId, event}`.
 */
import { checkSignature, checkTimestamp } from './auth.js';
import type { Exchange } from './exchange.js';
import { BinanceFault, mandatory } from './fault.js';
import type { Limits } from './limits.js';
import type { Market } from './market.js';
import type { SimSettings } from './options.js';
import { depthLimit, depthWeight, ILLEGAL_LIMIT } from './rest.js';
import type { SimConnection } from './sim-connection.js';
import type { BinanceSimulatorAccount } from './types.js';

type Params = Record<string, unknown>;

/** What the endpoint needs from the simulator. */
export interface ApiContext {
  readonly settings: SimSettings;
  readonly exchange: Exchange;
  readonly market: Market;
  readonly limits: Limits;
  /** The next `order.place`: run it (`true`) or not (`false`), then cut the connection unanswered. */
  readonly faults: { cutNextOrder: boolean | undefined };
  now(): number;
}

/** Per-connection state. */
interface ApiState {
  session: { apiKey: string; since: number } | undefined;
  connectedSince: number;
  nextSubscription: number;
  subscriptions: Map<number, { apiKey: string; stop: () => void }>;
  returnRateLimits: boolean;
}

/** Request weights (default 1). */
const WEIGHT: Record<string, number> = {
  'account.status': 20,
  'order.status': 4,
  'openOrders.status': 6,
  exchangeInfo: 20,
  'session.logon': 2,
  'userDataStream.subscribe': 2,
  'userDataStream.subscribe.signature': 2,
};

/** The weight of one request (`depth` depends on its `limit`; a bad limit is refused before it is charged). */
function weightOf(method: string, params: Params): number {
  if (method !== 'depth') return WEIGHT[method] ?? 1;
  const limit = depthLimit(params.limit);
  if (limit === undefined) throw new BinanceFault(ILLEGAL_LIMIT.code, ILLEGAL_LIMIT.msg);
  return depthWeight(limit);
}

/** Methods that need `apiKey` + `timestamp` + `signature` (or a logged-on session and `timestamp`). */
const SIGNED = new Set([
  'order.place',
  'order.cancel',
  'order.status',
  'openOrders.status',
  'openOrders.cancelAll',
  'account.status',
  'userDataStream.subscribe.signature',
  'session.logon',
]);

/** See the file comment. */
export interface ApiEndpoint {
  accept(conn: SimConnection): void;
  text(conn: SimConnection, text: string): void;
  closed(conn: SimConnection): void;
}

/**
 * Creates the endpoint.
 *
 * @example
 * const api = createApiEndpoint({ settings, exchange, limits, now: () => Date.now() });
 */
export function createApiEndpoint(ctx: ApiContext): ApiEndpoint {
  const accounts = new Map<string, BinanceSimulatorAccount>(ctx.settings.accounts.map((a) => [a.apiKey, a]));
  const stateOf = (conn: SimConnection): ApiState => conn.data.get('api') as ApiState;

  /** The account a signed request acts for, after every security check. */
  const authorize = (state: ApiState, method: string, params: Params): string => {
    const session = method === 'session.logon' ? undefined : state.session;
    if (
      session &&
      params.signature === undefined &&
      (params.apiKey === undefined || params.apiKey === session.apiKey)
    ) {
      checkTimestamp(params, ctx.now());
      return session.apiKey;
    }
    if (typeof params.apiKey !== 'string' || params.apiKey === '') throw mandatory('apiKey');
    const account = accounts.get(params.apiKey);
    if (!account) throw new BinanceFault(-2015, 'Invalid API-key, IP, or permissions for action.', 401);
    checkSignature(account, params);
    checkTimestamp(params, ctx.now());
    return account.apiKey;
  };

  const run = (conn: SimConnection, state: ApiState, method: string, params: Params, apiKey: string): unknown => {
    const { exchange } = ctx;
    const now = ctx.now();
    switch (method) {
      case 'ping':
        return {};
      case 'time':
        return { serverTime: now };
      case 'depth': {
        if (typeof params.symbol !== 'string') throw mandatory('symbol');
        if (!/^[A-Z0-9]{2,20}$/.test(params.symbol)) throw new BinanceFault(-1121, 'Invalid symbol.');
        return ctx.market.snapshot(params.symbol, depthLimit(params.limit) ?? 100);
      }
      case 'exchangeInfo':
        return {
          timezone: 'UTC',
          serverTime: now,
          symbols: ctx.settings.symbols.map((symbol) => ({ symbol, status: 'TRADING' })),
        };
      case 'session.logon':
        if ((accounts.get(apiKey) as BinanceSimulatorAccount).publicKey === undefined) {
          throw new BinanceFault(-4056, 'HMAC_SHA256 API key is not supported.');
        }
        state.session = { apiKey, since: now };
        return sessionView(ctx, state);
      case 'session.status':
        return sessionView(ctx, state);
      case 'session.logout':
        state.session = undefined;
        return sessionView(ctx, state);
      case 'session.subscriptions':
        return [...state.subscriptions.keys()].map((subscriptionId) => ({ subscriptionId }));
      case 'order.place':
        ctx.limits.order(apiKey, now);
        return exchange.place(apiKey, params, now);
      case 'order.cancel':
        return exchange.cancel(apiKey, params, now);
      case 'order.status':
        return exchange.status(apiKey, params);
      case 'openOrders.status':
        return exchange.openOrders(apiKey, params);
      case 'openOrders.cancelAll':
        return exchange.cancelAll(apiKey, params, now);
      case 'account.status':
        return exchange.account(apiKey, now);
      case 'userDataStream.subscribe.signature':
        return subscribe(ctx, conn, state, apiKey);
      case 'userDataStream.subscribe':
        if (!state.session) throw new BinanceFault(-2015, 'Invalid API-key, IP, or permissions for action.', 401);
        return subscribe(ctx, conn, state, state.session.apiKey);
      case 'userDataStream.unsubscribe':
        return unsubscribe(ctx, conn, state, params);
      default:
        throw new BinanceFault(-1000, `Unknown method: ${method}`);
    }
  };

  return {
    accept(conn) {
      const query = new URLSearchParams(conn.query);
      conn.data.set('api', {
        session: undefined,
        connectedSince: ctx.now(),
        nextSubscription: 0,
        subscriptions: new Map(),
        returnRateLimits: query.get('returnRateLimits') !== 'false',
      } satisfies ApiState);
      try {
        ctx.limits.charge(2, ctx.now());
      } catch {
        // connecting while over the limit: the next request gets the 429/418
      }
    },
    text(conn, text) {
      const state = stateOf(conn);
      let request: { id?: unknown; method?: unknown; params?: unknown };
      try {
        request = JSON.parse(text) as typeof request;
        if (request === null || typeof request !== 'object') throw new Error('not an object');
      } catch {
        conn.send({ id: null, status: 400, error: { code: -1135, msg: 'Invalid JSON request.' } });
        return;
      }
      const id = request.id ?? null;
      const method = typeof request.method === 'string' ? request.method.replace(/^v3\//, '') : '';
      const params = (request.params ?? {}) as Params;
      const showLimits =
        typeof params.returnRateLimits === 'boolean' ? params.returnRateLimits : state.returnRateLimits;
      let apiKey: string | undefined;
      let reply: object;
      try {
        if (!method) throw mandatory('method');
        if (typeof params !== 'object' || Array.isArray(params)) throw mandatory('params');
        ctx.limits.charge(weightOf(method, params), ctx.now());
        apiKey = SIGNED.has(method) ? authorize(state, method, params) : undefined;
        const cut = method === 'order.place' ? ctx.faults.cutNextOrder : undefined;
        if (cut !== undefined) {
          ctx.faults.cutNextOrder = undefined;
          if (cut) run(conn, state, method, params, apiKey ?? ''); // filled or resting, as its price says
          conn.terminate();
          return;
        }
        reply = { id, status: 200, result: run(conn, state, method, params, apiKey ?? '') };
      } catch (error) {
        const fault = error instanceof BinanceFault ? error : new BinanceFault(-1000, String(error), 500);
        reply = { id, status: fault.status, error: fault.toJSON() };
      }
      const orders = method === 'order.place' ? apiKey : undefined;
      conn.send(showLimits ? { ...reply, rateLimits: ctx.limits.report(ctx.now(), orders) } : reply);
    },
    closed(conn) {
      for (const sub of stateOf(conn)?.subscriptions.values() ?? []) sub.stop();
    },
  };
}

/** What `session.logon`, `session.status` and `session.logout` answer. */
function sessionView(ctx: ApiContext, state: ApiState): object {
  return {
    apiKey: state.session?.apiKey ?? null,
    authorizedSince: state.session?.since ?? null,
    connectedSince: state.connectedSince,
    returnRateLimits: state.returnRateLimits,
    serverTime: ctx.now(),
    userDataStream: [...state.subscriptions.values()].some((s) => s.apiKey === state.session?.apiKey),
  };
}

/** `userDataStream.subscribe(.signature)`: the account's events on this connection (one subscription each). */
function subscribe(ctx: ApiContext, conn: SimConnection, state: ApiState, apiKey: string): object {
  if ([...state.subscriptions.values()].some((s) => s.apiKey === apiKey)) {
    throw new BinanceFault(-2035, 'User Data Stream subscription already active.');
  }
  const subscriptionId = state.nextSubscription++;
  const stop = ctx.exchange.listen(apiKey, (event) => conn.send({ subscriptionId, event }));
  state.subscriptions.set(subscriptionId, { apiKey, stop });
  return { subscriptionId };
}

/** `userDataStream.unsubscribe`: one subscription, or all of them; each ends with `eventStreamTerminated`. */
function unsubscribe(ctx: ApiContext, conn: SimConnection, state: ApiState, params: Params): object {
  const ids = params.subscriptionId === undefined ? [...state.subscriptions.keys()] : [Number(params.subscriptionId)];
  for (const id of ids) {
    const sub = state.subscriptions.get(id);
    if (!sub) throw new BinanceFault(-2036, 'User Data Stream subscription not active.');
    sub.stop();
    state.subscriptions.delete(id);
    conn.send({ subscriptionId: id, event: { e: 'eventStreamTerminated', E: ctx.now() } });
  }
  return {};
}
