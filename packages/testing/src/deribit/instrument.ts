/**
 * An instrument's live state (book, prices, statistics) and the public views Deribit gives of it:
 * `public/get_instruments` entries, `public/ticker` / `ticker.*` data and `public/get_order_book` results.
 */
import { type Book, createBook } from './book.js';
import type { SimInstrumentSpec } from './types.js';

/** The live state of one instrument. */
export interface Instrument {
  readonly spec: SimInstrumentSpec;
  readonly name: string;
  /** `BTC` for `BTC-PERPETUAL` or `BTC_USDC-PERPETUAL`. */
  readonly currency: string;
  readonly kind: 'future';
  readonly id: number;
  readonly book: Book;
  changeId: number;
  /** Mid price of the simulated market maker's quotes. */
  mid: number;
  last: number;
  tickDirection: 0 | 1 | 2 | 3;
  tradeSeq: number;
  high: number;
  low: number;
  volume: number;
}

/**
 * Creates the state of an instrument at its starting price.
 *
 * @example
 * createInstrument({ name: 'BTC-PERPETUAL', price: 65000, tickSize: 0.5, contractSize: 10 }, 1).currency; // 'BTC'
 */
export function createInstrument(spec: SimInstrumentSpec, id: number): Instrument {
  return {
    spec,
    name: spec.name,
    currency: spec.name.split(/[-_]/)[0] ?? spec.name,
    kind: 'future',
    id,
    book: createBook(),
    changeId: 1_000_000 * id,
    mid: spec.price,
    last: spec.price,
    tickDirection: 0,
    tradeSeq: 0,
    high: spec.price,
    low: spec.price,
    volume: 0,
  };
}

/** Rounds to the instrument's tick size (and strips float noise). */
export function toTick(inst: Instrument, price: number): number {
  const ticks = Math.round(price / inst.spec.tickSize);
  return Number((ticks * inst.spec.tickSize).toFixed(10));
}

/** Mark price: the mid of the best quotes, or the last trade. */
export function markPrice(inst: Instrument): number {
  const bid = inst.book.bids[0]?.price;
  const ask = inst.book.asks[0]?.price;
  return bid !== undefined && ask !== undefined ? toTick(inst, (bid + ask) / 2) : inst.last;
}

/** The price band orders must stay in (±5 % of mark), like Deribit's `max_price` / `min_price`. */
export function priceBand(inst: Instrument): { min: number; max: number } {
  const mark = markPrice(inst);
  return { min: toTick(inst, mark * 0.95), max: toTick(inst, mark * 1.05) };
}

/** A `public/get_instruments` entry. */
export function instrumentInfo(inst: Instrument): Record<string, unknown> {
  return {
    instrument_name: inst.name,
    instrument_id: inst.id,
    kind: inst.kind,
    base_currency: inst.currency,
    quote_currency: 'USD',
    counter_currency: 'USD',
    settlement_currency: inst.currency,
    settlement_period: 'perpetual',
    price_index: `${inst.currency.toLowerCase()}_usd`,
    contract_size: inst.spec.contractSize,
    tick_size: inst.spec.tickSize,
    min_trade_amount: inst.spec.contractSize,
    is_active: true,
    creation_timestamp: 1_534_242_287_000,
    expiration_timestamp: 32_503_708_800_000,
    maker_commission: 0,
    taker_commission: 0.0005,
    max_leverage: 50,
    future_type: 'reversed',
    instrument_type: 'reversed',
  };
}

/** `ticker.*` data and the `public/ticker` result. */
export function tickerOf(inst: Instrument, now: number): Record<string, unknown> {
  const [bid, ask] = [inst.book.bids, inst.book.asks].map((side) => {
    const best = side[0]?.price;
    const amount = side.filter((o) => o.price === best).reduce((sum, o) => sum + o.amount, 0);
    return best === undefined ? { price: null, amount: 0 } : { price: best, amount };
  });
  const mark = markPrice(inst);
  const band = priceBand(inst);
  return {
    timestamp: now,
    instrument_name: inst.name,
    state: 'open',
    best_bid_price: bid?.price ?? null,
    best_bid_amount: bid?.amount ?? 0,
    best_ask_price: ask?.price ?? null,
    best_ask_amount: ask?.amount ?? 0,
    last_price: inst.last,
    mark_price: mark,
    index_price: mark,
    min_price: band.min,
    max_price: band.max,
    open_interest: Math.round(inst.volume / 2),
    settlement_price: inst.spec.price,
    estimated_delivery_price: mark,
    current_funding: 0,
    funding_8h: 0,
    interest_value: 0,
    stats: {
      high: inst.high,
      low: inst.low,
      price_change: Number((((inst.last - inst.spec.price) / inst.spec.price) * 100).toFixed(4)),
      volume: Number((inst.volume / inst.last).toFixed(8)),
      volume_usd: inst.volume,
    },
  };
}

/** The `public/get_order_book` result. */
export function orderBookOf(inst: Instrument, depth: number, now: number): Record<string, unknown> {
  return {
    ...tickerOf(inst, now),
    change_id: inst.changeId,
    bids: inst.book.levels('buy', depth),
    asks: inst.book.levels('sell', depth),
  };
}
