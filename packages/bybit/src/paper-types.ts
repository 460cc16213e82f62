/** Options of Bybit paper trading (`paper: true` or `paper: { … }` on `createBybitClient`). */
export interface BybitPaperOptions {
  /** Starting coin balances (default `{ USDT: 100000, USDC: 100000, BTC: 1, ETH: 10 }`). */
  balances?: Record<string, number>;
  /** Depth of the live `orderbook.<depth>.<symbol>` topic the engine matches against (default 50). */
  depth?: number;
}

/** The paper engine's v5 REST reads, on a client made with `paper` (a trading session queries through it). */
export interface BybitPaperRest {
  /** `GET` of `/v5/order/realtime`, `/v5/position/list` or `/v5/account/wallet-balance`: its `result`. */
  get<T>(path: string, query: Record<string, string>): Promise<T>;
}
