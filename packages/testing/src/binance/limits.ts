/**
 * IP and order rate limits of the simulated WebSocket API (Binance's documented limits): REQUEST_WEIGHT per clock-aligned
 * minute (connecting costs 2), ORDERS per 10 s and per day per account. Over the weight limit: 429 with
 * `retryAfter`; sending again before then: an IP ban, 418, from 2 minutes doubling up to 3 days.
 */
import { BinanceFault } from './fault.js';

/** One `rateLimits` entry. */
export interface RateLimitEntry {
  rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS';
  interval: 'SECOND' | 'MINUTE' | 'DAY';
  intervalNum: number;
  limit: number;
  count: number;
}

/** See the file comment. */
export interface Limits {
  /** Adds `weight` at `now`; throws a 429/418 fault when over the limit or banned. */
  charge(weight: number, now: number): void;
  /** Counts one new order of `apiKey`; throws 429 -1015 when over. */
  order(apiKey: string, now: number): void;
  /** The `rateLimits` of a reply (with the account's order counts when `apiKey` is given). */
  report(now: number, apiKey?: string): RateLimitEntry[];
  /** Forces a 429 or 418 for `ms`; `null` lifts it. */
  ban(status: 418 | 429 | null, ms: number, now: number): void;
  /** The HTTP status to refuse an upgrade with while banned, if any. */
  refusal(now: number): number | undefined;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const ORDERS_PER_DAY = 160_000;

/**
 * Creates the counters.
 *
 * @example
 * const limits = createLimits(6000, 50);
 * limits.charge(1, Date.now());
 */
export function createLimits(weightLimit: number, orderLimit: number): Limits {
  let window = -1;
  let weight = 0;
  let warned = false;
  let ban: { status: 418 | 429; until: number } | undefined;
  let banMs = 2 * MINUTE;
  const orders = new Map<string, { ten: number; tenWindow: number; day: number; dayWindow: number }>();

  const roll = (now: number): void => {
    const current = Math.floor(now / MINUTE);
    if (current !== window) {
      window = current;
      weight = 0;
      warned = false;
    }
  };
  const banned = (until: number, now: number): BinanceFault =>
    new BinanceFault(
      -1003,
      `Way too much request weight used; IP banned until ${until}. Please use WebSocket Streams for live updates to avoid bans.`,
      418,
      { serverTime: now, retryAfter: until },
    );
  const tooMuch = (until: number, now: number): BinanceFault =>
    new BinanceFault(
      -1003,
      `Too much request weight used; current limit is ${weightLimit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
      429,
      { serverTime: now, retryAfter: until },
    );
  const countsOf = (apiKey: string, now: number) => {
    const c = orders.get(apiKey) ?? { ten: 0, tenWindow: -1, day: 0, dayWindow: -1 };
    const ten = Math.floor(now / 10_000);
    const day = Math.floor(now / DAY);
    if (c.tenWindow !== ten) Object.assign(c, { ten: 0, tenWindow: ten });
    if (c.dayWindow !== day) Object.assign(c, { day: 0, dayWindow: day });
    orders.set(apiKey, c);
    return c;
  };

  return {
    charge(w, now) {
      if (ban && now >= ban.until) ban = undefined;
      if (ban?.status === 418) throw banned(ban.until, now);
      if (ban) throw tooMuch(ban.until, now);
      roll(now);
      const retryAfter = (window + 1) * MINUTE;
      if (warned) {
        ban = { status: 418, until: now + banMs };
        banMs = Math.min(banMs * 2, 3 * DAY);
        throw banned(ban.until, now);
      }
      if (weight + w > weightLimit) {
        warned = true;
        throw tooMuch(retryAfter, now);
      }
      weight += w;
    },
    order(apiKey, now) {
      const c = countsOf(apiKey, now);
      if (c.ten >= orderLimit) {
        throw new BinanceFault(
          -1015,
          `Too many new orders; current limit is ${orderLimit} orders per 10 SECOND.`,
          429,
          {
            serverTime: now,
            retryAfter: (c.tenWindow + 1) * 10_000,
          },
        );
      }
      c.ten++;
      c.day++;
    },
    report(now, apiKey) {
      roll(now);
      const out: RateLimitEntry[] = [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: weightLimit, count: weight },
      ];
      if (apiKey !== undefined) {
        const c = countsOf(apiKey, now);
        out.push(
          { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: orderLimit, count: c.ten },
          { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: ORDERS_PER_DAY, count: c.day },
        );
      }
      return out;
    },
    ban(status, ms, now) {
      ban = status === null ? undefined : { status, until: now + ms };
      if (status === null) warned = false;
    },
    refusal(now) {
      if (ban && now >= ban.until) ban = undefined;
      return ban?.status;
    },
  };
}
