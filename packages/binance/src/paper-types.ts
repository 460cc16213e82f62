import type { BinanceStreams } from './streams.js';

/**
 * Options of Binance paper trading (`paper: true` or `paper: { … }` on `createBinanceApi`). See
 * docs/paper-trading.md.
 */
export interface BinancePaperOptions {
  /** Starting free balance per asset (default the simulator's: 100 BTC, 1000 ETH, 10000 BNB, 1000000 USDT). */
  balances?: Record<string, number> | undefined;
  /**
   * The market streams the engine reads the live touch from (`<symbol>@bookTicker`, subscribed on first use).
   * Default: a `createBinanceStreams` of its own on `streamsUrl`, closed with the API.
   */
  streams?: BinanceStreams | undefined;
  /**
   * Stream host of that own connection (default: the one matching `url`: `wss://stream.binance.com:9443` for
   * `wss://ws-api.binance.com…`, `wss://stream.testnet.binance.vision` for the testnet, else `url`'s origin).
   */
  streamsUrl?: string | undefined;
}
