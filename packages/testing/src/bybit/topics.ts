/** The Bybit simulator's endpoints and the topics each accepts (Bybit's v5 docs: depths, kline intervals). */
import type { SymbolMarket } from './market.js';
import type { BybitSimulatorConnection } from './types.js';

type Kind = BybitSimulatorConnection['kind'];

/** Endpoint path → connection kind. */
export const PATHS: Record<string, Kind> = {
  '/v5/public/spot': 'spot',
  '/v5/public/linear': 'linear',
  '/v5/private': 'private',
  '/v5/trade': 'trade',
};
const DEPTHS: Record<string, readonly number[]> = { spot: [1, 50, 200, 1000], linear: [1, 50, 200, 500] };
/** Kline intervals Bybit publishes. */
export const INTERVALS = new Set(['1', '3', '5', '15', '30', '60', '120', '240', '360', '720', 'D', 'W', 'M']);
const PRIVATE = new Set(['order', 'execution', 'position', 'wallet', 'dcp', 'dcp.future', 'dcp.spot', 'dcp.option']);

/** Why `topic` is refused on a connection of `kind` (Bybit's wording), or undefined when it is valid. */
export function topicError(kind: Kind, topic: string, markets: ReadonlyMap<string, SymbolMarket>): string | undefined {
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
}
