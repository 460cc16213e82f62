/**
 * Names on the NATS side: subjects, the JetStream stream, KV buckets. One place, so the gateway, the client side
 * and the documentation agree.
 *
 * Channel names become subject tokens: every character outside `[A-Za-z0-9_.-]` is percent-encoded as UTF-8
 * bytes (`%40` for `@`, `%25` for `%` itself), dots stay dots, so `book.BTC-PERPETUAL.100ms` is
 * `zen.deribit.data.book.BTC-PERPETUAL.100ms` and `btcusdt@depth@100ms` is `zen.binance.data.btcusdt%40depth%40100ms`.
 */

/** The KV bucket holding one lease per venue. */
export const LEASE_BUCKET = 'zen_leases';
/** The KV bucket holding the wanted channel set per venue. */
export const CHANNEL_BUCKET = 'zen_channels';
/** The KV bucket holding shared rate budgets. */
export const BUDGET_BUCKET = 'zen_budgets';
/** The queue group every gateway joins for requests and control messages. */
export const QUEUE_GROUP = 'zen-gateways';

const VENUE = /^[a-z0-9][a-z0-9_-]*$/;

/** Throws a TypeError unless `venue` is a lower-case id (`deribit`, `binance`, `bybit`, `my-venue`). */
export function checkVenue(where: string, venue: unknown): asserts venue is string {
  if (typeof venue !== 'string' || !VENUE.test(venue))
    throw new TypeError(
      `${where}: venue must be a lower-case id such as 'deribit', 'binance' or 'bybit' (letters, digits, _ and -), got ${JSON.stringify(venue)}`,
    );
}

const SAFE = /^[A-Za-z0-9_.-]$/;

/** Encodes a venue channel as subject tokens (see the module comment). Throws on empty names and empty tokens. */
export function encodeChannel(channel: string): string {
  if (typeof channel !== 'string' || channel.length === 0)
    throw new TypeError(`channel must be a non-empty string, got ${JSON.stringify(channel)}`);
  if (channel.split('.').some((token) => token.length === 0))
    throw new TypeError(
      `channel "${channel}" has an empty token (leading, trailing or doubled "."): not a NATS subject`,
    );
  let out = '';
  for (const char of channel) {
    if (SAFE.test(char)) out += char;
    else
      for (const byte of new TextEncoder().encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The channel name back from its subject tokens. */
export function decodeChannel(tokens: string): string {
  return decodeURIComponent(tokens);
}

/**
 * The subject a gateway publishes `channel`'s data on: `zen.<venue>.data.<encoded channel>`.
 *
 * @example
 * subjectFor('deribit', 'book.BTC-PERPETUAL.100ms'); // 'zen.deribit.data.book.BTC-PERPETUAL.100ms'
 * subjectFor('binance', 'btcusdt@trade'); // 'zen.binance.data.btcusdt%40trade'
 */
export function subjectFor(venue: string, channel: string): string {
  checkVenue('subjectFor', venue);
  return `${dataPrefix(venue)}${encodeChannel(channel)}`;
}

/** `zen.<venue>.data.` */
export function dataPrefix(venue: string): string {
  return `zen.${venue}.data.`;
}

/** The channel a data subject carries (inverse of {@link subjectFor}). */
export function channelOf(venue: string, subject: string): string {
  return decodeChannel(subject.slice(dataPrefix(venue).length));
}

/** The JetStream stream of a venue's data: `ZEN_<VENUE>` (upper case, `-` as `_`). */
export function streamFor(venue: string): string {
  checkVenue('streamFor', venue);
  return `ZEN_${venue.toUpperCase().replace(/-/g, '_')}`;
}

/** Request subject of a venue: `zen.<venue>.rpc`. */
export function rpcSubject(venue: string): string {
  return `zen.${venue}.rpc`;
}

/** Control subject of a venue: `zen.<venue>.ctl.<verb>`. */
export function ctlSubject(venue: string, verb: 'subscribe' | 'unsubscribe' | 'standby'): string {
  return `zen.${venue}.ctl.${verb}`;
}
