import { type Client, connect, type JsonObject, ZenError } from '@zen-websocket/core';
import { checkOptions, defaultGlobalSocketFactory, EventHub } from '@zen-websocket/core/internal';
import type {
  BinanceApi,
  BinanceApiEvents,
  BinanceApiOptions,
  BinanceRequestOptions,
  UserDataEvent,
} from './api-types.js';
import { API_IMPORT, binanceClassify, passThrough } from './defaults.js';
import { BinanceError, ClockSkewError } from './errors.js';
import { apiRules } from './options.js';
import { binancePaper } from './paper.js';
import { type BinanceResponse, binanceProtocol } from './protocol.js';
import { signEd25519, signHmac } from './sign.js';

/** Methods signed by default (`v3/` prefix allowed). */
const SIGNED = /^(v3\/)?(order|sor\.|openOrder|allOrder|my|account\.|session\.logon|userDataStream\.subscribe\.)/;

type Handler = (event: UserDataEvent) => void;

/**
 * Connects to the Binance WebSocket API. On every connection, before anything else, it measures the clock
 * offset with `time`, logs on (`logon: true`, Ed25519) and restores user data subscriptions. Signed requests
 * get `apiKey`, a corrected `timestamp`, `recvWindow` and an HMAC-SHA256 or Ed25519 `signature` over the
 * sorted params. A `-1021` rejection becomes a {@link ClockSkewError} carrying the re-measured skew.
 *
 * @example
 * const api = await createBinanceApi({ apiKey, secretKey, socketFactory: nodeSocketFactory });
 * const order = await api.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
 */
export async function createBinanceApi(options: BinanceApiOptions = {}): Promise<BinanceApi> {
  checkOptions('createBinanceApi', options, apiRules());
  const socketFactory = options.socketFactory ?? defaultGlobalSocketFactory(API_IMPORT);
  const { apiKey, secretKey, privateKey, recvWindow, heartbeat = {} } = options;
  const now = options.now ?? Date.now;
  const events = new EventHub<BinanceApiEvents>();
  const userData = new Map<number, Handler>();
  const wanted = new Set<Handler>();
  let offset = 0;
  let session = false;
  const url = options.url ?? 'wss://ws-api.binance.com:443/ws-api/v3';
  // paper: private methods and user data answered in-process (docs/paper-trading.md)
  const paper = options.paper
    ? await binancePaper(options.paper === true ? {} : options.paper, {
        url: String(url),
        socketFactory,
        timeout: options.requestTimeout ?? 10_000,
      })
    : undefined;

  const sign = async (method: string, params: object): Promise<JsonObject> => {
    if (!apiKey || !(secretKey || privateKey)) {
      throw new TypeError(`${method} is signed: pass apiKey and secretKey or privateKey`);
    }
    const p: JsonObject = { ...params, timestamp: Math.round(now() + offset) };
    if (recvWindow !== undefined) p.recvWindow ??= recvWindow;
    if (session && method !== 'session.logon') return p;
    p.apiKey = apiKey;
    p.signature = secretKey ? await signHmac(secretKey, p) : await signEd25519(privateKey as never, p);
    return p;
  };

  const syncTime = async (c: Client): Promise<number> => {
    const start = now();
    const { result } = await c.request<BinanceResponse<{ serverTime: number }>>('time');
    offset = result.serverTime - (start + now()) / 2;
    return offset;
  };

  const call = async <T>(c: Client, method: string, params?: object, o: BinanceRequestOptions = {}) => {
    if (paper?.handles(method)) return paper.request<T>(method, params);
    const { signed = SIGNED.test(method), ...rest } = o;
    const p = signed ? await sign(method.replace(/^v3\//, ''), params ?? {}) : params;
    try {
      const response = await c.request<BinanceResponse<T>>(method, p, rest);
      if (method === 'session.logon') session = true;
      return response;
    } catch (error) {
      if (!(error instanceof BinanceError) || error.rpcCode !== -1021) throw error;
      throw new ClockSkewError(error, await syncTime(c).catch(() => offset));
    }
  };

  const subscribeUserData = async (c: Client, handler: Handler): Promise<number> => {
    const method = session ? 'userDataStream.subscribe' : 'userDataStream.subscribe.signature';
    const { result } = await call<{ subscriptionId: number }>(c, method, session ? undefined : {}, {
      signed: !session,
    });
    userData.set(result.subscriptionId, handler);
    return result.subscriptionId;
  };

  const route = (m: { subscriptionId?: unknown; event?: UserDataEvent }): void => {
    if (typeof m.subscriptionId === 'number') {
      const handler = userData.get(m.subscriptionId);
      try {
        if (handler && m.event) handler(m.event);
      } catch (cause) {
        events.emit('error', new ZenError('handler_error', 'User data handler threw', { cause }));
      }
    } else if (m.event?.e === 'serverShutdown') events.emit('serverShutdown', { at: m.event.E });
  };

  const { interval = 20_000, timeout = 10_000, probe = 'auto' } = heartbeat;
  paper?.onEvent(route);
  const client = await connect(url, {
    retryCount: Number.POSITIVE_INFINITY,
    ...passThrough(options.connect ?? {}),
    socketFactory,
    protocol: binanceProtocol(true),
    requestTimeout: options.requestTimeout ?? 10_000,
    // Where ping frames are invisible (browsers), an unanswered-id `ping` each interval keeps the line talking.
    heartbeat:
      probe === true || (probe === 'auto' && !socketFactory.capabilities?.ping)
        ? { type: 'custom', interval, timeout, message: { id: null, method: 'ping' } }
        : { type: 'binance', interval, timeout },
    classify: options.classify ?? binanceClassify,
    handler: (m) => m.type === 'message' && route(m.data as never),
    onDisconnect: () => {
      session = false;
      userData.clear();
      paper?.reset();
    },
    async prepare(c) {
      if (options.syncTime !== false) await syncTime(c);
      if (options.logon && !paper) await call(c, 'session.logon', {});
      for (const handler of wanted) {
        await subscribeUserData(c, handler).catch((e: ZenError) => events.emit('error', e));
      }
    },
  });

  const result =
    (method: string) =>
    (params?: object): Promise<never> =>
      call<never>(client, method, params).then((r) => r.result);

  return {
    client,
    get clockOffset() {
      return offset;
    },
    request: ((method: string, params?: object, o?: BinanceRequestOptions) =>
      call(client, method, params, o)) as BinanceApi['request'],
    syncTime: () => syncTime(client),
    ping: result('ping'),
    time: result('time'),
    sessionLogon: result('session.logon'),
    orderPlace: result('order.place'),
    orderCancel: result('order.cancel'),
    orderStatus: result('order.status'),
    openOrdersStatus: result('openOrders.status'),
    openOrdersCancelAll: result('openOrders.cancelAll'),
    accountStatus: result('account.status'),
    async userDataStreamSubscribe(handler) {
      const id = await subscribeUserData(client, handler);
      wanted.add(handler);
      return id;
    },
    async userDataStreamUnsubscribe(subscriptionId) {
      const params = subscriptionId === undefined ? undefined : { subscriptionId };
      await call(client, 'userDataStream.unsubscribe', params, { signed: false });
      for (const [id, handler] of userData) {
        if (subscriptionId === undefined || id === subscriptionId) {
          userData.delete(id);
          wanted.delete(handler);
        }
      }
    },
    on: (type, handler) => events.on(type, handler),
    async close() {
      await paper?.close();
      await client.close();
      events.clear();
    },
  };
}
