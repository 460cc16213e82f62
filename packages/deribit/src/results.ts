/**
 * What Deribit's methods resolve with, by method name: `request('public/get_time')` is a `Promise<number>`.
 * Types only; nothing here ships as code.
 */
import type { Portfolio } from './channel-data.js';
import type { Instrument, Order, OrderBook, Ticker, Trade } from './types.js';

/** An order placed or changed by `private/buy`, `private/sell` or `private/edit`, with the trades it made. */
export interface OrderWithTrades {
  order: Order;
  trades: Trade[];
}

/** A position, as `private/get_position(s)` report it. */
export interface Position {
  instrument_name: string;
  kind: string;
  direction: 'buy' | 'sell' | 'zero';
  size: number;
  average_price: number;
  mark_price: number;
  floating_profit_loss: number;
  [field: string]: unknown;
}

/**
 * The `result` of each method the adapter knows; `request()` reads its return type from here. Methods not
 * listed resolve with `unknown` (or the type you name).
 *
 * @example
 * const now: number = await deribit.request('public/get_time');
 * const orders = await deribit.request('private/get_open_orders'); // Order[]
 */
export interface DeribitResults {
  'public/test': { version: string };
  'public/hello': { version: string };
  'public/get_time': number;
  'public/status': { locked: boolean | 'true' | 'false' | 'partial'; locked_currencies: string[] };
  'public/set_heartbeat': 'ok';
  'public/disable_heartbeat': 'ok';
  'public/ticker': Ticker;
  'public/get_order_book': OrderBook;
  'public/get_instruments': Instrument[];
  'public/get_index_price': { index_price: number; estimated_delivery_price: number };
  'public/subscribe': string[];
  'public/unsubscribe': string[];
  'private/subscribe': string[];
  'private/unsubscribe': string[];
  'private/buy': OrderWithTrades;
  'private/sell': OrderWithTrades;
  'private/edit': OrderWithTrades;
  'private/cancel': Order;
  'private/cancel_all': number;
  'private/cancel_all_by_instrument': number;
  'private/cancel_all_by_currency': number;
  'private/get_open_orders': Order[];
  'private/get_open_orders_by_instrument': Order[];
  'private/get_open_orders_by_currency': Order[];
  'private/get_order_state': Order;
  'private/get_position': Position;
  'private/get_positions': Position[];
  'private/get_account_summary': Portfolio;
  'private/enable_cancel_on_disconnect': 'ok';
  'private/disable_cancel_on_disconnect': 'ok';
  'private/get_cancel_on_disconnect': { scope: string; enabled: boolean };
}

/**
 * The result type of a method: from {@link DeribitResults} for the known ones, `unknown` for any other.
 *
 * @example
 * type T = DeribitResult<'public/get_time'>; // number
 * type U = DeribitResult<'private/some_new_method'>; // unknown
 */
export type DeribitResult<M extends string> = M extends keyof DeribitResults ? DeribitResults[M] : unknown;
