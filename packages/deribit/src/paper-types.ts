/** Options of Deribit paper trading (`paper: true` or `paper: { … }` on `createDeribitClient`). */
export interface DeribitPaperOptions {
  /** Starting balances per currency (default: the simulator's, `{ BTC: 10, ETH: 100, USDC: 1_000_000 }`-like). */
  balances?: Record<string, number>;
  /**
   * Instruments that can be traded, with their tick and contract sizes (default: the simulator's
   * `BTC-PERPETUAL` and `ETH-PERPETUAL`). `price` is only a starting mark before the live book arrives.
   */
  instruments?: Array<{ name: string; tickSize: number; contractSize: number; price: number }>;
  /** Book channel interval fed to the engine (default `100ms`, public; `raw` needs an authenticated connection). */
  bookInterval?: '100ms' | 'raw';
}
