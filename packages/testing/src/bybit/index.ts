/**
 * A Bybit v5 simulator on the server kit: public topics (`orderbook.<depth>.<symbol>` snapshot/delta with `u`
 * and `seq`, `publicTrade`, `tickers`, `kline`), `{"op":"subscribe"}` with the spot args limit, `{"op":"ping"}`,
 * private auth (`GET/realtime` + expires, HMAC-SHA256) with `order`/`execution`/`position`/`wallet`, the
 * `/v5/trade` API with its header timestamp and recv window, and disconnect-cancel (`dcp`). Facts: Bybit's
 * published v5 docs (see docs/venues/bybit.md).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import { checkOptions } from '../kit/options.js';
import { KitServer } from '../kit/server.js';
import { createMarkets, type SymbolMarket } from './market.js';
import { OrderBookkeeper } from './orders.js';
import type { BybitInbound, BybitSimulator, BybitSimulatorConnection, BybitSimulatorOptions } from './types.js';

export type {
  BybitInbound,
  BybitSimulator,
  BybitSimulatorAccount,
  BybitSimulatorConnection,
  BybitSimulatorOptions,
  BybitSimulatorOrder,
} from './types.js';

type Kind = BybitSimulatorConnection['kind'];
type Json = Record<string, unknown>;

interface Conn {
  id: number;
  kind: Kind;
  ws: WebSocket;
  apiKey: string | undefined;
  topics: Set<string>;
}

const PATHS: Record<string, Kind> = {
  '/v5/public/spot': 'spot',
  '/v5/public/linear': 'linear',
  '/v5/private': 'private',
  '/v5/trade': 'trade',
};
const DEPTHS: Record<string, readonly number[]> = { spot: [1, 50, 200, 1000], linear: [1, 50, 200, 500] };
const INTERVALS = new Set(['1', '3', '5', '15', '30', '60', '120', '240', '360', '720', 'D', 'W', 'M']);
const PRIVATE = new Set(['order', 'execution', 'position', 'wallet', 'dcp', 'dcp.future', 'dcp.spot', 'dcp.option']);
const NAMES = [
  'port',
  'symbols',
  'feedIntervalMs',
  'spotArgsLimit',
  'accounts',
  'orderRateLimit',
  'dcpWindowMs',
  'seed',
];

/**
 * The signature Bybit expects in `{"op":"auth","args":[apiKey, expires, signature]}`: lower-case hex
 * HMAC-SHA256 of `GET/realtime` + expires under the API secret.
 *
 * @example
 * bybitAuthSignature('sim-secret', 1700000000000); // 64 hex characters
 */
export function bybitAuthSignature(apiSecret: string, expires: number | string): string {
  return createHmac('sha256', apiSecret).update(`GET/realtime${expires}`).digest('hex');
}

/**
 * Starts a Bybit v5 simulator on 127.0.0.1 (port 0 by default). Endpoints: `/v5/public/spot`,
 * `/v5/public/linear`, `/v5/private`, `/v5/trade`; one consistent book per symbol behind every topic.
 *
 * @example
 * const sim = await startBybitSimulator({ feedIntervalMs: 10 });
 * // connect a client to `${sim.url}/v5/public/linear`
 * await sim.stop();
 */
export async function startBybitSimulator(options: BybitSimulatorOptions = {}): Promise<BybitSimulator> {
  const o = checkOptions('startBybitSimulator', options, NAMES);
  const markets = createMarkets(o.symbols ?? ['BTCUSDT', 'ETHUSDT'], o.seed ?? 1);
  const accounts = new Map((o.accounts ?? [{ apiKey: 'sim-key', apiSecret: 'sim-secret' }]).map((a) => [a.apiKey, a]));
  const keeper = new OrderBookkeeper(markets, o.orderRateLimit ?? 10);
  const argsLimit = o.spotArgsLimit ?? 10;
  const dcpWindow = o.dcpWindowMs ?? 10_000;
  const conns = new Set<Conn>();
  const log: BybitInbound[] = [];
  const listeners = new Set<() => void>();
  const dcpTimers = new Map<string, ReturnType<typeof setTimeout>>();
  let ids = 0;
  let held = false;

  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const send = (c: Conn, m: Json) => {
    if (c.ws.readyState === c.ws.OPEN && !kit.isStalled(c.ws)) c.ws.send(JSON.stringify(m));
  };
  const connId = (c: Conn) => `sim-${c.id}`;
  const publish = (topic: string, m: Json) => {
    for (const c of conns) if (c.topics.has(topic)) send(c, { topic, ...m });
  };
  const pushPrivate = (apiKey: string, topic: string, data: unknown[]) => {
    const m = { id: `${topic}-${Date.now()}`, topic, creationTime: Date.now(), data };
    for (const c of conns) if (c.kind === 'private' && c.apiKey === apiKey && c.topics.has(topic)) send(c, m);
  };

  /** Why a topic is refused on a connection kind, or undefined when it is valid. */
  const invalid = (kind: Kind, topic: string): string | undefined => {
    if (kind === 'private') return PRIVATE.has(topic) ? undefined : `error:handler not found,topic:${topic}`;
    const parts = topic.split('.');
    const symbol = parts[parts.length - 1] ?? '';
    const [name, param] = parts;
    const shape =
      (name === 'orderbook' && parts.length === 3 && DEPTHS[kind]?.includes(Number(param))) ||
      (name === 'kline' && parts.length === 3 && INTERVALS.has(String(param))) ||
      ((name === 'publicTrade' || name === 'tickers') && parts.length === 2);
    if (!shape) return `error:handler not found,topic:${topic}`;
    return markets.has(symbol) ? undefined : `Invalid symbol :[${topic}]`;
  };

  const reply = (c: Conn, m: Json, success: boolean, ret_msg: string) => {
    const base = { success, ret_msg, conn_id: connId(c), op: m.op };
    send(c, m.req_id === undefined ? base : { ...base, req_id: m.req_id });
  };

  const subscribe = (c: Conn, m: Json, on: boolean) => {
    const args = m.args;
    if (c.kind === 'private' && !c.apiKey) return reply(c, m, false, 'Request not authorized');
    if (!Array.isArray(args) || args.length === 0 || args.some((a) => typeof a !== 'string'))
      return reply(c, m, false, 'error:args must be a non-empty array of topics');
    if (c.kind === 'spot' && args.length > argsLimit) return reply(c, m, false, `error:args size >${argsLimit}`);
    for (const t of args as string[]) {
      const why = invalid(c.kind, t);
      if (why) return reply(c, m, false, why);
      if (on && c.topics.has(t)) return reply(c, m, false, `error:already subscribed,topic:${t}`);
    }
    for (const t of args as string[]) on ? c.topics.add(t) : c.topics.delete(t);
    reply(c, m, true, '');
    if (on) for (const t of args as string[]) afterSubscribe(c, t);
  };

  const afterSubscribe = (c: Conn, topic: string) => {
    if (topic.startsWith('dcp') && c.apiKey) {
      clearTimeout(dcpTimers.get(c.apiKey));
      dcpTimers.delete(c.apiKey);
    }
    const [name, depth, symbol] = topic.split('.');
    const market = markets.get(symbol ?? '');
    if (name !== 'orderbook' || !market) return;
    const view = market.views.get(Number(depth));
    // a late subscriber gets the topic's current view at its current u
    const data = view
      ? { s: market.symbol, b: [...view.bids], a: [...view.asks], u: view.u, seq: market.seq }
      : market.snapshot(Number(depth));
    send(c, { topic, type: 'snapshot', ts: Date.now(), data, cts: Date.now() });
  };

  const auth = (c: Conn, m: Json) => {
    const [apiKey, expires, signature] = Array.isArray(m.args) ? (m.args as unknown[]) : [];
    const account = accounts.get(String(apiKey));
    const good =
      account !== undefined &&
      typeof signature === 'string' &&
      Number(expires) > Date.now() &&
      safeEqual(signature, bybitAuthSignature(account.apiSecret, String(expires)));
    const error = !account ? 'API key is invalid.' : Number(expires) > Date.now() ? 'Invalid sign' : 'Params Error';
    if (good && !c.apiKey) c.apiKey = account.apiKey;
    if (c.kind === 'trade') {
      const retCode = good ? 0 : !account ? 10003 : 10004;
      const r: Json = { retCode, retMsg: good ? 'OK' : error, op: 'auth', connId: connId(c) };
      return send(c, m.reqId === undefined ? r : { reqId: m.reqId, ...r });
    }
    reply(c, m, good, good ? '' : error);
  };

  const trade = (c: Conn, m: Json) => {
    const answer = (retCode: number, retMsg: string, data: Json = {}) => {
      const r: Json = {
        retCode,
        retMsg,
        op: m.op,
        data,
        retExtInfo: {},
        header: { Timenow: String(Date.now()) },
        connId: connId(c),
      };
      send(c, m.reqId === undefined ? r : { reqId: m.reqId, ...r });
    };
    if (!c.apiKey) return answer(10003, 'Request not authorized');
    if (held) return;
    const header = (m.header ?? {}) as Json;
    const ts = Number(header['X-BAPI-TIMESTAMP']);
    const recv = Number(header['X-BAPI-RECV-WINDOW'] ?? 5000);
    const now = Date.now();
    if (!(now - recv <= ts && ts < now + 1000))
      return answer(10002, 'invalid request, please check your server timestamp or recv_window param');
    const args = Array.isArray(m.args) && m.args.length === 1 ? (m.args[0] as Json) : undefined;
    if (!args) return answer(10001, 'params error: args must hold one order');
    const out = keeper.run(c.apiKey, String(m.op), args, now);
    answer(out.retCode, out.retMsg, out.data);
    for (const u of out.updates) pushPrivate(c.apiKey, u.topic, u.data);
  };

  const receive = (c: Conn, text: string) => {
    let m: Json | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      m = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : undefined;
    } catch {}
    log.push({ connection: c.id, kind: c.kind, data: m });
    notify();
    if (!m) return;
    const op = m.op;
    if (op === 'ping') {
      if (c.kind === 'private' || c.kind === 'trade')
        send(c, { req_id: m.req_id ?? '', op: 'pong', args: [String(Date.now())], conn_id: connId(c) });
      else reply(c, m, true, 'pong');
    } else if (op === 'auth' && (c.kind === 'private' || c.kind === 'trade')) auth(c, m);
    else if ((op === 'subscribe' || op === 'unsubscribe') && c.kind !== 'trade') subscribe(c, m, op === 'subscribe');
    else if (c.kind === 'trade' && (op === 'order.create' || op === 'order.amend' || op === 'order.cancel'))
      trade(c, m);
    else if (c.kind === 'trade')
      send(c, { reqId: m.reqId, retCode: 10001, retMsg: `Unsupported op: ${String(op)}`, op });
    else reply(c, m, false, `error:unknown op ${String(op)}`);
  };

  const closed = (c: Conn) => {
    conns.delete(c);
    notify();
    const key = c.apiKey;
    if (!key || c.kind !== 'private' || ![...c.topics].some((t) => t.startsWith('dcp')) || kit.stopped) return;
    const guarded = [...conns].some((x) => x.apiKey === key && [...x.topics].some((t) => t.startsWith('dcp')));
    if (guarded || dcpTimers.has(key)) return;
    dcpTimers.set(
      key,
      setTimeout(() => {
        dcpTimers.delete(key);
        keeper.cancelAll(key);
      }, dcpWindow),
    );
  };

  const kit = await KitServer.start({
    port: o.port ?? 0,
    route(upgrade) {
      const kind = PATHS[upgrade.path];
      if (!kind) return 404;
      return (ws) => {
        const c: Conn = { id: ++ids, kind, ws, apiKey: undefined, topics: new Set() };
        conns.add(c);
        notify();
        ws.on('message', (data, binary) => {
          if (!kit.isStalled(ws) && !binary) receive(c, String(data));
        });
        ws.on('close', () => closed(c));
      };
    },
  });

  const step = () => {
    const now = Date.now();
    for (const market of markets.values()) {
      market.step();
      const trade = market.trade(now);
      publishBook(market, now);
      publish(`publicTrade.${market.symbol}`, { type: 'snapshot', ts: now, data: [trade] });
      const tickers = `tickers.${market.symbol}`;
      for (const c of conns)
        if (c.topics.has(tickers))
          send(c, { topic: tickers, type: 'snapshot', ts: now, cs: market.seq, data: ticker(market, c.kind, now) });
      for (const interval of INTERVALS) {
        const topic = `kline.${interval}.${market.symbol}`;
        if ([...conns].some((c) => c.topics.has(topic)))
          publish(topic, { type: 'snapshot', ts: now, data: [kline(market, interval, now)] });
      }
    }
  };
  const publishBook = (market: SymbolMarket, now: number) => {
    for (const depth of market.views.keys()) {
      const data = market.delta(depth);
      if (data) publish(`orderbook.${depth}.${market.symbol}`, { type: 'delta', ts: now, data, cts: now });
    }
  };
  const feed = (o.feedIntervalMs ?? 100) > 0 ? setInterval(step, o.feedIntervalMs ?? 100) : undefined;

  const waitFor = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const test = () => {
        const found = check();
        if (found === undefined) return;
        done();
        resolve(found);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Bybit simulator: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(test);
        kit.pending.delete(cancel);
      };
      const cancel = () => {
        done();
        reject(new Error(`Bybit simulator stopped while waiting for ${what}`));
      };
      kit.pending.add(cancel);
      listeners.add(test);
      test();
    });

  const url = `ws://127.0.0.1:${kit.port}`;
  return {
    url,
    port: kit.port,
    connections: () => [...conns].map((c) => ({ id: c.id, kind: c.kind, apiKey: c.apiKey, topics: [...c.topics] })),
    received: () => [...log],
    waitForMessage: (match, timeoutMs = 5000) => waitFor(() => log.find(match), timeoutMs, 'a matching message'),
    waitForConnections: (n, timeoutMs = 5000) =>
      waitFor(() => (conns.size >= n ? true : undefined), timeoutMs, `${n} connections`).then(() => {}),
    openOrders: (apiKey) => keeper.open(apiKey).map((x) => ({ ...x })),
    tick: step,
    restartBook(symbol) {
      const market = markets.get(symbol);
      if (!market) throw new RangeError(`restartBook: unknown symbol ${symbol}`);
      for (const depth of [...market.views.keys()]) {
        const data = market.snapshot(depth, true);
        publish(`orderbook.${depth}.${symbol}`, { type: 'snapshot', ts: Date.now(), data, cts: Date.now() });
      }
    },
    gap(symbol) {
      const market = markets.get(symbol);
      if (!market) throw new RangeError(`gap: unknown symbol ${symbol}`);
      market.gap();
    },
    holdTrade(on) {
      held = on;
    },
    drop: (code = 'abnormal') => kit.drop(code),
    stall: () => kit.stall('all'),
    resume: () => kit.resume(),
    reject: (status) => kit.reject(status),
    async stop() {
      clearInterval(feed);
      for (const t of dcpTimers.values()) clearTimeout(t);
      dcpTimers.clear();
      await kit.stop();
    },
  };
}

/**
 * A `tickers.<symbol>` payload with the fields Bybit's v5 docs list for the connection's category: spot carries
 * the 24 h figures and `usdIndexPrice`; linear adds mark/index prices, open interest (`openInterestValue` is
 * how clients such as ccxt tell a contract ticker from a spot one) and funding.
 */
function ticker(m: SymbolMarket, kind: Kind, now: number): Json {
  const last = String(m.last);
  const common = {
    symbol: m.symbol,
    lastPrice: last,
    highPrice24h: String(m.high),
    lowPrice24h: String(m.low),
    prevPrice24h: String(m.open),
    price24hPcnt: ((m.last - m.open) / m.open).toFixed(4),
    volume24h: m.volume.toFixed(3),
    turnover24h: (m.volume * m.last).toFixed(2),
    bid1Price: m.price(m.bestBid()),
    bid1Size: (m.bids.get(m.bestBid()) ?? 0).toFixed(3),
    ask1Price: m.price(m.bestAsk()),
    ask1Size: (m.asks.get(m.bestAsk()) ?? 0).toFixed(3),
  };
  if (kind === 'spot') return { ...common, usdIndexPrice: last };
  const openInterest = 5_000 + m.volume;
  return {
    ...common,
    tickDirection: 'ZeroPlusTick',
    prevPrice1h: String(m.open),
    markPrice: last,
    indexPrice: last,
    openInterest: openInterest.toFixed(3),
    openInterestValue: (openInterest * m.last).toFixed(2),
    fundingRate: '0.0001',
    nextFundingTime: String(Math.ceil(now / 28_800_000) * 28_800_000),
  };
}

const SPAN: Record<string, number> = { D: 86_400_000, W: 604_800_000, M: 2_592_000_000 };

function kline(m: SymbolMarket, interval: string, now: number): Json {
  const span = SPAN[interval] ?? Number(interval) * 60_000;
  const start = Math.floor(now / span) * span;
  const p = String(m.last);
  return {
    start,
    end: start + span - 1,
    interval,
    open: p,
    close: p,
    high: p,
    low: p,
    volume: m.volume.toFixed(3),
    turnover: (m.volume * m.last).toFixed(2),
    confirm: false,
    timestamp: now,
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
