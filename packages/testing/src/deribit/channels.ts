/**
 * Channel names: parsing Deribit's dot-separated grammar into what a subscription listens to, and deciding
 * which subscriptions an instrument's events reach. Names the simulator does not know are refused silently
 * (left out of the subscribe result), as Deribit does.
 */
import type { Instrument } from './instrument.js';

const INTERVALS = new Set(['raw', '100ms', 'agg2']);
const KINDS = new Set(['future', 'option', 'spot', 'combo', 'any']);
const GROUPS = new Set(['none', '1', '2', '5', '10', '25', '100', '250']);
const DEPTHS = new Set(['1', '10', '20']);

/** What one subscribed channel listens to. */
export type ChannelSpec =
  | { readonly type: 'book'; readonly instrument: string; readonly interval: string }
  | { readonly type: 'book_grouped'; readonly instrument: string; readonly depth: number; readonly interval: string }
  | { readonly type: 'ticker'; readonly instrument: string; readonly interval: string }
  | {
      readonly type: 'trades' | 'user.orders' | 'user.trades' | 'user.changes';
      readonly instrument?: string;
      readonly kind?: string;
      readonly currency?: string;
      readonly interval: string;
    }
  | { readonly type: 'index'; readonly index: string }
  | { readonly type: 'user.portfolio'; readonly currency: string }
  | { readonly type: 'platform_state' };

/**
 * Parses a channel name; undefined when it is not one the simulator serves.
 *
 * @example
 * parseChannel('book.BTC-PERPETUAL.100ms', instruments); // { type: 'book', instrument: 'BTC-PERPETUAL', interval: '100ms' }
 */
export function parseChannel(channel: string, instruments: ReadonlyMap<string, Instrument>): ChannelSpec | undefined {
  const parts = channel.split('.');
  const [head, a, b, c, d] = parts;
  const n = parts.length;
  const known = (name: string | undefined): name is string => name !== undefined && instruments.has(name);
  const interval = (i: string | undefined): i is string => i !== undefined && INTERVALS.has(i);
  const currencies = new Set(['any', ...[...instruments.values()].map((i) => i.currency)]);
  /** `{kind, currency, interval}` when the three parts are valid. */
  const byKind = (k?: string, cur?: string, i?: string) =>
    k !== undefined && KINDS.has(k) && cur !== undefined && currencies.has(cur) && interval(i)
      ? { kind: k, currency: cur, interval: i }
      : undefined;

  if (head === 'platform_state' && n === 1) return { type: 'platform_state' };
  if (head === 'deribit_price_index' && n === 2 && a !== undefined) {
    return [...instruments.values()].some((i) => indexName(i) === a) ? { type: 'index', index: a } : undefined;
  }
  if ((head === 'book' || head === 'ticker') && n === 3 && known(a) && interval(b)) {
    return { type: head, instrument: a, interval: b };
  }
  if (head === 'book' && n === 5 && known(a) && GROUPS.has(b ?? '') && DEPTHS.has(c ?? '') && interval(d)) {
    return { type: 'book_grouped', instrument: a, depth: Number(c), interval: d };
  }
  if (head === 'trades' && n === 3 && known(a) && interval(b)) return { type: 'trades', instrument: a, interval: b };
  const trades = n === 4 ? byKind(a, b, c) : undefined;
  if (head === 'trades' && trades) return { type: 'trades', ...trades };
  if (head === 'user' && a === 'portfolio' && n === 3 && b !== undefined && currencies.has(b.toUpperCase())) {
    return { type: 'user.portfolio', currency: b.toUpperCase() };
  }
  if (head === 'user' && (a === 'orders' || a === 'trades' || a === 'changes')) {
    const type = a === 'orders' ? 'user.orders' : a === 'trades' ? 'user.trades' : 'user.changes';
    if (n === 4 && known(b) && interval(c)) return { type, instrument: b, interval: c };
    const bucket = n === 5 ? byKind(b, c, d) : undefined;
    if (bucket) return { type, ...bucket };
  }
  return undefined;
}

/** Whether a channel needs an authenticated connection (private channels, and public `.raw` ones). */
export function needsAuth(channel: string): 'private' | 'raw' | undefined {
  if (channel.startsWith('user.')) return 'private';
  return channel.endsWith('.raw') ? 'raw' : undefined;
}

/** Whether a subscription of an instrument-or-kind/currency channel covers `inst`. */
export function covers(spec: ChannelSpec, inst: Instrument): boolean {
  if (!('interval' in spec)) return spec.type === 'index' && spec.index === indexName(inst);
  if ('instrument' in spec && spec.instrument !== undefined) return spec.instrument === inst.name;
  if (!('kind' in spec)) return false;
  return (
    (spec.kind === 'any' || spec.kind === inst.kind) && (spec.currency === 'any' || spec.currency === inst.currency)
  );
}

/** The price index an instrument follows, e.g. `btc_usd`. */
export function indexName(inst: Instrument): string {
  return `${inst.currency.toLowerCase()}_usd`;
}
