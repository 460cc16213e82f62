/**
 * The market-stream endpoints (as Binance documents them): `/ws/<a>/<b>` (raw payloads; any path under `/ws/` is
 * accepted and segments that are not stream names are ignored) and `/stream?streams=a/b` (combined
 * `{stream, data}` frames). Control messages are handled per connection; generated data is fanned out here.
 */
import { handleControl } from './control.js';
import type { Market } from './market.js';
import type { SimConnection } from './sim-connection.js';
import { parseStream } from './stream-names.js';

/**
 * The streams named in an upgrade URL, or an HTTP status to refuse it with.
 *
 * @example
 * streamsOfUrl('/stream', 'streams=btcusdt@trade/ethusdt@depth', 1024); // ['btcusdt@trade', 'ethusdt@depth']
 */
export function streamsOfUrl(path: string, query: string, maxStreams: number): string[] | number {
  let streams: string[];
  if (path === '/stream') {
    const list = new URLSearchParams(query).get('streams');
    streams = list ? list.split('/') : [];
    if (streams.some((s) => !parseStream(s))) return 400;
  } else {
    streams = path
      .split('/')
      .slice(2)
      .map((s) => decodeURIComponent(s))
      .filter((s) => parseStream(s));
  }
  streams = [...new Set(streams)];
  return streams.length > maxStreams ? 400 : streams;
}

/**
 * Sends `data` of `stream` to one connection, wrapped when the connection is combined.
 *
 * @example
 * deliver(conn, 'btcusdt@trade', trade);
 */
export function deliver(conn: SimConnection, stream: string, data: object): boolean {
  return conn.send(conn.combined ? { stream, data } : data);
}

/**
 * One round of generated data: one event per subscribed stream, the same object for every subscriber.
 *
 * @example
 * feedRound(connections, market, Date.now());
 */
export function feedRound(connections: Iterable<SimConnection>, market: Market, now: number): void {
  market.nextRound(now);
  for (const conn of connections) {
    if (conn.kind !== 'stream' || !conn.open || conn.stalled) continue;
    for (const stream of conn.subscriptions) {
      const name = parseStream(stream);
      const data = name && market.event(name, now);
      if (data) deliver(conn, stream, data);
    }
  }
}

/**
 * Answers a control message on a stream connection.
 *
 * @example
 * controlMessage(conn, '{"method":"LIST_SUBSCRIPTIONS","id":1}', 1024);
 */
export function controlMessage(conn: SimConnection, text: string, maxStreams: number): void {
  conn.send(handleControl(text, conn, maxStreams));
}
