/**
 * Bybit paper trading: the simulator's order code (`../bybit/orders.ts`: create / amend / cancel, fills taken
 * level by level, resting orders filled when the book crosses them), its ledger (positions, wallet) and its REST
 * reads, running in-process, with each symbol's book fed from the live `orderbook.<depth>.<symbol>` topic of a
 * real connection instead of the simulated market. The Bybit adapter loads this module only when `paper` is on.
 */
import { checkKeys } from '@zen-websocket/core/internal';
import { BybitLedger, DEFAULT_BALANCES } from '../bybit/ledger.js';
import { type MatchMarket, OrderBookkeeper, type PrivateUpdates } from '../bybit/orders.js';
import { type BybitRestAnswer, bybitRestQuery } from '../bybit/rest.js';

/** Options of a Bybit paper engine (the adapter's `paper: { … }`). */
export interface BybitPaperEngineOptions {
  /** Starting coin balances (default `{ USDT: 100000, USDC: 100000, BTC: 1, ETH: 10 }`). */
  balances?: Record<string, number>;
  /** The orders' category when they name none (the adapter passes its own; default `linear`). */
  category?: 'linear' | 'spot';
  /** Depth of the live book topic fed to the engine (default 50). */
  depth?: number;
}

/** A trade op's answer, shaped like Bybit's `/v5/trade` reply. */
export interface BybitPaperReply {
  retCode: number;
  retMsg: string;
  data: Record<string, unknown>;
}

/** The engine the adapter drives. */
export interface BybitPaperEngine {
  /** Whether `topic` is a private topic the engine serves (`order`, `execution`, `position`, `wallet`, `dcp…`). */
  handles(topic: string): boolean;
  /** Runs `order.create` / `order.amend` / `order.cancel` and pushes the private updates it causes. */
  trade(op: string, args: Record<string, unknown>): BybitPaperReply;
  /** Answers a v5 REST read: `/v5/order/realtime`, `/v5/position/list`, `/v5/account/wallet-balance`. */
  rest(path: string, query: Record<string, string>): BybitRestAnswer;
  /** The symbol a trade op needs a live book of (undefined: none named). */
  symbolOf(op: string, args: Record<string, unknown>): string | undefined;
  /** Subscribes private topics; returns the ones it serves. */
  subscribe(topics: readonly string[]): string[];
  unsubscribe(topics: readonly string[]): void;
  /** Receives every private message `{ id, topic, creationTime, data }`, as the private stream sends it. */
  onMessage(handler: (message: { id: string; topic: string; creationTime: number; data: unknown[] }) => void): void;
  /** Feeds one live `orderbook.<depth>.<symbol>` message (`type` snapshot or delta, `ts`, `data: { s, b, a }`). */
  feedBook(message: { type?: string; ts?: number; data?: { s?: string; b?: unknown[]; a?: unknown[] } }): void;
  /** Whether a live book of `symbol` has arrived. */
  hasBook(symbol: string): boolean;
}

const ACCOUNT = 'paper';
const SERVED = /^(order|execution|position|wallet)(\.(spot|linear))?$|^dcp(\.(spot|future|option))?$/;

/** A live book in integer ticks of the finest price step its snapshot showed. */
class LiveMarket implements MatchMarket {
  readonly symbol: string;
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  readonly #decimals: number;
  readonly #scale: number;

  constructor(symbol: string, decimals: number) {
    this.symbol = symbol;
    this.#decimals = decimals;
    this.#scale = 10 ** decimals;
  }

  ticks(price: string | number): number {
    return Math.round(Number(price) * this.#scale);
  }

  price(ticks: number): string {
    return (ticks / this.#scale).toFixed(this.#decimals);
  }

  /** A snapshot replaces both sides; a delta sets the levels it names (size 0: gone). */
  apply(snapshot: boolean, bids: unknown[], asks: unknown[]): void {
    if (snapshot) {
      this.bids.clear();
      this.asks.clear();
    }
    for (const [side, levels] of [
      [this.bids, bids],
      [this.asks, asks],
    ] as const) {
      for (const level of levels) {
        if (!Array.isArray(level)) continue;
        const size = Number(level[1]);
        if (size > 0) side.set(this.ticks(level[0]), size);
        else side.delete(this.ticks(level[0]));
      }
    }
  }
}

/** Decimal places of the finest price in a snapshot (at least 1, at most 8). */
const decimalsOf = (levels: unknown[]): number =>
  Math.min(8, Math.max(1, ...levels.map((l) => (Array.isArray(l) ? (String(l[0]).split('.')[1]?.length ?? 0) : 0))));

/**
 * Creates a Bybit paper engine. Deterministic: the same requests over the same book messages give the same
 * orders, ids and fills; times are the live book's `ts` (the venue's clock), so over a recording they repeat too.
 *
 * @example
 * const engine = createBybitPaperEngine({ balances: { USDT: 10_000 } });
 * engine.feedBook({ type: 'snapshot', ts: 1, data: { s: 'BTCUSDT', b: [['64000.0', '2']], a: [['64000.5', '2']] } });
 * engine.trade('order.create', { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.01' });
 */
export function createBybitPaperEngine(options: BybitPaperEngineOptions = {}): BybitPaperEngine {
  checkKeys('paper', options, ['balances', 'category', 'depth']);
  const category = options.category ?? 'linear';
  if (category !== 'linear' && category !== 'spot')
    throw new RangeError(`paper.category must be "linear" or "spot", got ${JSON.stringify(category)}`);
  const balances = options.balances ?? DEFAULT_BALANCES;
  if (typeof balances !== 'object' || Object.values(balances).some((b) => typeof b !== 'number' || !(b >= 0)))
    throw new TypeError('paper.balances must map coins to amounts of 0 or more, such as { USDT: 10000 }');
  const markets = new Map<string, LiveMarket>();
  const keeper = new OrderBookkeeper(markets, Number.POSITIVE_INFINITY, new BybitLedger(balances));
  const topics = new Set<string>();
  let now = 0;
  let ids = 0;
  let deliver: Parameters<BybitPaperEngine['onMessage']>[0] = () => {};
  const push = (updates: PrivateUpdates) => {
    for (const { topic, data } of updates) {
      const rows = data as Array<{ category?: string }>;
      for (const t of [topic, ...['linear', 'spot'].map((c) => `${topic}.${c}`)]) {
        if (!topics.has(t)) continue;
        const wanted = t === topic ? rows : rows.filter((r) => r.category === undefined || t.endsWith(r.category));
        if (wanted.length > 0) deliver({ id: `paper-${++ids}`, topic: t, creationTime: now, data: wanted });
      }
    }
  };
  return {
    handles: (topic) => SERVED.test(topic),
    trade(op, args) {
      if (op !== 'order.create' && op !== 'order.amend' && op !== 'order.cancel')
        return { retCode: 10001, retMsg: `Unsupported op: ${op}`, data: {} };
      const out = keeper.run(ACCOUNT, op, { category, ...args }, now || Date.now());
      push(out.updates);
      return { retCode: out.retCode, retMsg: out.retMsg, data: out.data };
    },
    rest: (path, query) => bybitRestQuery(keeper, ACCOUNT, path, new URLSearchParams({ category, ...query })),
    symbolOf: (_op, args) => (typeof args.symbol === 'string' ? args.symbol : undefined),
    subscribe(list) {
      const served = list.filter((t) => SERVED.test(t));
      for (const t of served) topics.add(t);
      return served;
    },
    unsubscribe(list) {
      for (const t of list) topics.delete(t);
    },
    onMessage(handler) {
      deliver = handler;
    },
    feedBook(message) {
      const data = message.data;
      const symbol = data?.s;
      if (typeof symbol !== 'string') return;
      const snapshot = message.type === 'snapshot';
      let market = markets.get(symbol);
      if (!market) {
        if (!snapshot) return; // a delta before the first snapshot has nothing to change
        market = new LiveMarket(symbol, decimalsOf([...(data?.b ?? []), ...(data?.a ?? [])]));
        markets.set(symbol, market);
      }
      if (typeof message.ts === 'number') now = message.ts;
      market.apply(snapshot, data?.b ?? [], data?.a ?? []);
      for (const updates of keeper.match(symbol, now || Date.now()).values()) push(updates);
    },
    hasBook: (symbol) => markets.has(symbol),
  };
}
