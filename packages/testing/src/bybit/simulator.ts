/**
 * The running Bybit v5 simulator: connections and their topics, the ops (`ping`, `auth`, `subscribe`,
 * `order.*`), the market feed, disconnect-cancel timers, and the kit's fault verbs. Started by
 * `startBybitSimulator` (index.ts).
 */
import type { WebSocket } from 'ws';
import type { KitServer, Route } from '../kit/server.js';
import type { UpgradeRequest } from '../mock-server/types.js';
import { bybitAuthSignature, safeEqual } from './auth.js';
import type { SymbolMarket } from './market.js';
import type { OrderBookkeeper } from './orders.js';
import { kline, ticker } from './payloads.js';
import { INTERVALS, PATHS, topicError } from './topics.js';
import type {
  BybitInbound,
  BybitSimulator,
  BybitSimulatorAccount,
  BybitSimulatorConnection,
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

/** What the simulator is built from (options resolved by `startBybitSimulator`). */
export interface BybitSimSetup {
  markets: Map<string, SymbolMarket>;
  accounts: Map<string, BybitSimulatorAccount>;
  keeper: OrderBookkeeper;
  argsLimit: number;
  dcpWindowMs: number;
  feedIntervalMs: number;
  clockSkewMs: number;
}

export class BybitSim implements BybitSimulator {
  readonly url: string;
  readonly port: number;
  readonly #kit: KitServer;
  readonly #s: BybitSimSetup;
  readonly #conns = new Set<Conn>();
  readonly #log: BybitInbound[] = [];
  /** Waits re-checked on every connection and frame. */
  readonly #listeners = new Set<() => void>();
  /** Disconnect-cancel countdowns by apiKey. */
  readonly #dcpTimers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #feed: ReturnType<typeof setInterval> | undefined;
  #ids = 0;
  /** `holdTrade(true)`: trade requests are logged but never answered. */
  #held = false;
  /** `cutNextOrder(processed)`: the next order.create is run or not, then its connection is cut unanswered. */
  #cutNext: boolean | undefined;
  /** Disconnect-cancels that fired: the account and how many orders they cancelled. */
  readonly #fired: Array<{ apiKey: string; cancelled: number }> = [];

  constructor(kit: KitServer, setup: BybitSimSetup) {
    this.#kit = kit;
    this.#s = setup;
    this.port = kit.port;
    this.url = `ws://127.0.0.1:${kit.port}`;
    this.#feed = setup.feedIntervalMs > 0 ? setInterval(() => this.tick(), setup.feedIntervalMs) : undefined;
  }

  /** The kit's `route`: accepts the four endpoints, 404 for any other path. */
  route(upgrade: UpgradeRequest): Route {
    const kind = PATHS[upgrade.path];
    if (!kind) return 404;
    return (ws) => {
      const c: Conn = { id: ++this.#ids, kind, ws, apiKey: undefined, topics: new Set() };
      this.#conns.add(c);
      this.#notify();
      ws.on('message', (data, binary) => {
        if (!this.#kit.isStalled(ws) && !binary) this.#receive(c, String(data));
      });
      ws.on('close', () => this.#closed(c));
    };
  }

  connections(): BybitSimulatorConnection[] {
    return [...this.#conns].map((c) => ({ id: c.id, kind: c.kind, apiKey: c.apiKey, topics: [...c.topics] }));
  }

  received(): BybitInbound[] {
    return [...this.#log];
  }

  waitForMessage(match: (m: BybitInbound) => boolean, timeoutMs = 5000): Promise<BybitInbound> {
    return this.#waitFor(() => this.#log.find(match), timeoutMs, 'a matching message');
  }

  async waitForConnections(n: number, timeoutMs = 5000): Promise<void> {
    await this.#waitFor(() => (this.#conns.size >= n ? true : undefined), timeoutMs, `${n} connections`);
  }

  openOrders(apiKey?: string): BybitSimulatorOrder[] {
    return this.#s.keeper.open(apiKey).map((x) => ({ ...x }));
  }

  positions(apiKey = 'sim-key'): Array<Record<string, unknown>> {
    return this.#s.keeper.ledger.positions(apiKey, 'linear', (s) => this.#s.keeper.mark(s)) as never;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  orders(apiKey?: string): BybitSimulatorOrder[] {
    return [...this.#s.keeper.orders.values()].filter((x) => !apiKey || x.apiKey === apiKey).map((x) => ({ ...x }));
  }

  cutNextOrder(processed: boolean): void {
    this.#cutNext = processed;
  }

  dcpFired(timeoutMs = 5000): Promise<{ apiKey: string; cancelled: number }> {
    return this.#waitFor(() => this.#fired[0], timeoutMs, 'disconnect-cancel (DCP) to fire');
  }

  tick(): void {
    const now = this.#now();
    for (const market of this.#s.markets.values()) {
      market.step();
      const trade = market.trade(now);
      for (const [key, updates] of this.#s.keeper.match(market.symbol, now))
        for (const u of updates) this.#pushPrivate(key, u.topic, u.data);
      this.#publishBook(market, now);
      this.#publish(`publicTrade.${market.symbol}`, { type: 'snapshot', ts: now, data: [trade] });
      const tickers = `tickers.${market.symbol}`;
      for (const c of this.#conns)
        if (c.topics.has(tickers))
          this.#send(c, {
            topic: tickers,
            type: 'snapshot',
            ts: now,
            cs: market.seq,
            data: ticker(market, c.kind, now),
          });
      for (const interval of INTERVALS) {
        const topic = `kline.${interval}.${market.symbol}`;
        if ([...this.#conns].some((c) => c.topics.has(topic)))
          this.#publish(topic, { type: 'snapshot', ts: now, data: [kline(market, interval, now)] });
      }
    }
  }

  restartBook(symbol: string): void {
    const market = this.#s.markets.get(symbol);
    if (!market) throw new RangeError(`restartBook: unknown symbol ${symbol}`);
    for (const depth of [...market.views.keys()]) {
      const data = market.snapshot(depth, true);
      this.#publish(`orderbook.${depth}.${symbol}`, { type: 'snapshot', ts: this.#now(), data, cts: this.#now() });
    }
  }

  gap(symbol: string): void {
    const market = this.#s.markets.get(symbol);
    if (!market) throw new RangeError(`gap: unknown symbol ${symbol}`);
    market.gap();
  }

  holdTrade(on: boolean): void {
    this.#held = on;
  }

  setClockSkew(ms: number): void {
    this.#s.clockSkewMs = ms;
  }

  /** The simulated server's clock (real time plus the skew). */
  #now(): number {
    return Date.now() + this.#s.clockSkewMs;
  }

  drop(code: number | 'abnormal' = 'abnormal'): Promise<void> {
    return this.#kit.drop(code);
  }

  stall(): void {
    this.#kit.stall('all');
  }

  resume(): void {
    this.#kit.resume();
  }

  reject(status: number | null): void {
    this.#kit.reject(status);
  }

  async stop(): Promise<void> {
    clearInterval(this.#feed);
    for (const t of this.#dcpTimers.values()) clearTimeout(t);
    this.#dcpTimers.clear();
    await this.#kit.stop();
  }

  #notify(): void {
    for (const l of [...this.#listeners]) l();
  }

  #send(c: Conn, m: Json): void {
    if (c.ws.readyState === c.ws.OPEN && !this.#kit.isStalled(c.ws)) c.ws.send(JSON.stringify(m));
  }

  #publish(topic: string, m: Json): void {
    for (const c of this.#conns) if (c.topics.has(topic)) this.#send(c, { topic, ...m });
  }

  #publishBook(market: SymbolMarket, now: number): void {
    for (const depth of market.views.keys()) {
      const data = market.delta(depth);
      if (data) this.#publish(`orderbook.${depth}.${market.symbol}`, { type: 'delta', ts: now, data, cts: now });
    }
  }

  #pushPrivate(apiKey: string, topic: string, data: unknown[]): void {
    const m = { id: `${topic}-${this.#now()}`, topic, creationTime: this.#now(), data };
    for (const c of this.#conns)
      if (c.kind === 'private' && c.apiKey === apiKey && c.topics.has(topic)) this.#send(c, m);
  }

  /** A public/private endpoint's answer to an op. */
  #reply(c: Conn, m: Json, success: boolean, ret_msg: string): void {
    const base = { success, ret_msg, conn_id: connId(c), op: m.op };
    this.#send(c, m.req_id === undefined ? base : { ...base, req_id: m.req_id });
  }

  #receive(c: Conn, text: string): void {
    let m: Json | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      m = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : undefined;
    } catch {}
    this.#log.push({ connection: c.id, kind: c.kind, data: m });
    this.#notify();
    if (!m) return;
    const op = m.op;
    if (op === 'ping') {
      if (c.kind === 'private' || c.kind === 'trade') {
        const pong = { req_id: m.req_id ?? '', op: 'pong', args: [String(this.#now())], conn_id: connId(c) };
        // the trade API's requests carry `reqId`: its pong echoes that one
        this.#send(c, c.kind === 'trade' && m.reqId !== undefined ? { reqId: m.reqId, ...pong } : pong);
      } else this.#reply(c, m, true, 'pong');
    } else if (op === 'auth' && (c.kind === 'private' || c.kind === 'trade')) this.#auth(c, m);
    else if ((op === 'subscribe' || op === 'unsubscribe') && c.kind !== 'trade')
      this.#subscribe(c, m, op === 'subscribe');
    else if (c.kind === 'trade' && (op === 'order.create' || op === 'order.amend' || op === 'order.cancel'))
      this.#trade(c, m);
    else if (c.kind === 'trade')
      this.#send(c, { reqId: m.reqId, retCode: 10001, retMsg: `Unsupported op: ${String(op)}`, op });
    else this.#reply(c, m, false, `error:unknown op ${String(op)}`);
  }

  #subscribe(c: Conn, m: Json, on: boolean): void {
    const args = m.args;
    if (c.kind === 'private' && !c.apiKey) return this.#reply(c, m, false, 'Request not authorized');
    if (!Array.isArray(args) || args.length === 0 || args.some((a) => typeof a !== 'string'))
      return this.#reply(c, m, false, 'error:args must be a non-empty array of topics');
    const limit = this.#s.argsLimit;
    if (c.kind === 'spot' && args.length > limit) return this.#reply(c, m, false, `error:args size >${limit}`);
    for (const t of args as string[]) {
      const why = topicError(c.kind, t, this.#s.markets);
      if (why) return this.#reply(c, m, false, why);
      if (on && c.topics.has(t)) return this.#reply(c, m, false, `error:already subscribed,topic:${t}`);
    }
    for (const t of args as string[]) on ? c.topics.add(t) : c.topics.delete(t);
    this.#reply(c, m, true, '');
    if (on) for (const t of args as string[]) this.#afterSubscribe(c, t);
  }

  /** `dcp` stops a pending disconnect-cancel; a book topic gets its current snapshot. */
  #afterSubscribe(c: Conn, topic: string): void {
    if (topic.startsWith('dcp') && c.apiKey) {
      clearTimeout(this.#dcpTimers.get(c.apiKey));
      this.#dcpTimers.delete(c.apiKey);
    }
    const [name, depth, symbol] = topic.split('.');
    const market = this.#s.markets.get(symbol ?? '');
    if (name !== 'orderbook' || !market) return;
    const view = market.views.get(Number(depth));
    // a late subscriber gets the topic's current view at its current u
    const data = view
      ? { s: market.symbol, b: [...view.bids], a: [...view.asks], u: view.u, seq: market.seq }
      : market.snapshot(Number(depth));
    this.#send(c, { topic, type: 'snapshot', ts: this.#now(), data, cts: this.#now() });
  }

  #auth(c: Conn, m: Json): void {
    const [apiKey, expires, signature] = Array.isArray(m.args) ? (m.args as unknown[]) : [];
    const account = this.#s.accounts.get(String(apiKey));
    const good =
      account !== undefined &&
      typeof signature === 'string' &&
      Number(expires) > this.#now() &&
      safeEqual(signature, bybitAuthSignature(account.apiSecret, String(expires)));
    const error = !account ? 'API key is invalid.' : Number(expires) > this.#now() ? 'Invalid sign' : 'Params Error';
    if (good && !c.apiKey) c.apiKey = account.apiKey;
    if (c.kind === 'trade') {
      const retCode = good ? 0 : !account ? 10003 : 10004;
      const r: Json = { retCode, retMsg: good ? 'OK' : error, op: 'auth', connId: connId(c) };
      return this.#send(c, m.reqId === undefined ? r : { reqId: m.reqId, ...r });
    }
    this.#reply(c, m, good, good ? '' : error);
  }

  #trade(c: Conn, m: Json): void {
    const answer = (retCode: number, retMsg: string, data: Json = {}) => {
      const header = { Timenow: String(this.#now()) };
      const r: Json = { retCode, retMsg, op: m.op, data, retExtInfo: {}, header, connId: connId(c) };
      this.#send(c, m.reqId === undefined ? r : { reqId: m.reqId, ...r });
    };
    if (!c.apiKey) return answer(10003, 'Request not authorized');
    if (this.#held) return;
    const header = (m.header ?? {}) as Json;
    const ts = Number(header['X-BAPI-TIMESTAMP']);
    const recv = Number(header['X-BAPI-RECV-WINDOW'] ?? 5000);
    const now = this.#now();
    if (!(now - recv <= ts && ts < now + 1000))
      return answer(10002, 'invalid request, please check your server timestamp or recv_window param');
    const args = Array.isArray(m.args) && m.args.length === 1 ? (m.args[0] as Json) : undefined;
    if (!args) return answer(10001, 'params error: args must hold one order');
    if (m.op === 'order.create' && this.#cutNext !== undefined) return this.#cut(c, args, now);
    const out = this.#s.keeper.run(c.apiKey, String(m.op), args, now);
    answer(out.retCode, out.retMsg, out.data);
    for (const u of out.updates) this.#pushPrivate(c.apiKey, u.topic, u.data);
  }

  /** `cutNextOrder`: runs the order (filled or resting, as its price says) or not, then cuts unanswered. */
  #cut(c: Conn, args: Json, now: number): void {
    const run = this.#cutNext;
    this.#cutNext = undefined;
    const key = c.apiKey as string;
    if (run)
      for (const u of this.#s.keeper.run(key, 'order.create', args, now).updates)
        this.#pushPrivate(key, u.topic, u.data);
    c.ws.terminate();
  }

  /** A connection ended: when it was an account's last `dcp` guard, that account's countdown starts. */
  #closed(c: Conn): void {
    this.#conns.delete(c);
    this.#notify();
    const key = c.apiKey;
    if (!key || c.kind !== 'private' || !watchesDcp(c) || this.#kit.stopped) return;
    const guarded = [...this.#conns].some((x) => x.apiKey === key && watchesDcp(x));
    if (guarded || this.#dcpTimers.has(key)) return;
    const timer = setTimeout(() => {
      this.#dcpTimers.delete(key);
      this.#fired.push({ apiKey: key, cancelled: this.#s.keeper.cancelAll(key) });
      this.#notify();
    }, this.#s.dcpWindowMs);
    this.#dcpTimers.set(key, timer);
  }

  #waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
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
        this.#listeners.delete(test);
        this.#kit.pending.delete(cancel);
      };
      const cancel = () => {
        done();
        reject(new Error(`Bybit simulator stopped while waiting for ${what}`));
      };
      this.#kit.pending.add(cancel);
      this.#listeners.add(test);
      test();
    });
  }
}

function connId(c: Conn): string {
  return `sim-${c.id}`;
}

function watchesDcp(c: Conn): boolean {
  return [...c.topics].some((t) => t.startsWith('dcp'));
}
