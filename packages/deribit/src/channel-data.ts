/**
 * What each Deribit channel delivers, by channel name: `ChannelData<'ticker.BTC-PERPETUAL.100ms'>` is a
 * `Ticker`. Types only; nothing here ships as code.
 */
import type { BookUpdate, Order, Ticker, Trade } from './types.js';

/** How often a channel notifies: every event (`raw`, needs auth for public channels), every 100 ms, or `agg2`. */
export type DeribitInterval = 'raw' | '100ms' | 'agg2';

/**
 * A public trade. `trades.*` channels deliver arrays of them.
 *
 * @example
 * await deribit.subscribe('trades.BTC-PERPETUAL.100ms', (trades) => trades.forEach((t) => console.log(t.price)));
 */
export interface PublicTrade {
  trade_id: string;
  trade_seq: number;
  timestamp: number;
  /** 0 plus tick, 1 zero-plus tick, 2 minus tick, 3 zero-minus tick. */
  tick_direction: 0 | 1 | 2 | 3;
  price: number;
  mark_price: number;
  index_price: number;
  instrument_name: string;
  direction: 'buy' | 'sell';
  amount: number;
  [field: string]: unknown;
}

/** `book.{instrument}.{group}.{depth}.{interval}` data: the top levels as `[price, amount]`, whole each time. */
export interface GroupedBook {
  timestamp: number;
  instrument_name: string;
  change_id: number;
  bids: Array<[price: number, amount: number]>;
  asks: Array<[price: number, amount: number]>;
}

/** `quote.{instrument}` data: the best bid and ask. */
export interface Quote {
  timestamp: number;
  instrument_name: string;
  best_bid_price: number | null;
  best_bid_amount: number;
  best_ask_price: number | null;
  best_ask_amount: number;
}

/** `deribit_price_index.{index_name}` data, e.g. for `btc_usd`. */
export interface PriceIndex {
  index_name: string;
  price: number;
  timestamp: number;
}

/** `platform_state` data: whether trading is locked (maintenance). */
export interface PlatformState {
  locked?: boolean;
  price_index?: string;
  [field: string]: unknown;
}

/** `user.portfolio.{currency}` data (and the `private/get_account_summary` result): the account's balances. */
export interface Portfolio {
  currency: string;
  balance: number;
  equity: number;
  available_funds: number;
  margin_balance: number;
  initial_margin: number;
  maintenance_margin: number;
  [field: string]: unknown;
}

/**
 * The `data` type of a channel, from its name: `ticker.*` → `Ticker`, `trades.*` → `PublicTrade[]`,
 * `book.{i}.{interval}` → `BookUpdate`, `book.{i}.{group}.{depth}.{interval}` → `GroupedBook`, `quote.*` →
 * `Quote`, `user.orders.*.raw` → `Order` (other intervals: `Order[]`), `user.trades.*` → `Trade[]`,
 * `user.portfolio.*` → `Portfolio`, `deribit_price_index.*` → `PriceIndex`, `platform_state` →
 * `PlatformState`. Any other name (or a plain `string`) → `unknown`.
 *
 * @example
 * type T = ChannelData<'ticker.BTC-PERPETUAL.100ms'>; // Ticker
 * type U = ChannelData<'user.orders.any.any.raw'>; // Order
 */
export type ChannelData<C extends string> = C extends `book.${string}.${string}.${string}.${DeribitInterval}`
  ? GroupedBook
  : C extends `book.${string}.${DeribitInterval}`
    ? BookUpdate
    : C extends `ticker.${string}.${DeribitInterval}`
      ? Ticker
      : C extends `trades.${string}.${DeribitInterval}`
        ? PublicTrade[]
        : C extends `user.orders.${string}.raw`
          ? Order
          : C extends `user.orders.${string}.${DeribitInterval}`
            ? Order[]
            : C extends `user.trades.${string}.${DeribitInterval}`
              ? Trade[]
              : C extends `user.portfolio.${string}`
                ? Portfolio
                : C extends `quote.${string}`
                  ? Quote
                  : C extends `deribit_price_index.${string}`
                    ? PriceIndex
                    : C extends 'platform_state'
                      ? PlatformState
                      : unknown;
