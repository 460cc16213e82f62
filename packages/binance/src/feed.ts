/**
 * `@zen-websocket/binance/feed` — feed health for Binance market streams: per-stream lag and a silence watchdog. A separate entry
 * point, so the adapter and its script-tag add-on carry none of it. Guide: docs/feed-health.md.
 */
import {
  type Client,
  type Clock,
  type ClockOffsetSource,
  telemetry as defaultTelemetry,
  type FeedChange,
  type FeedHealth,
  type FeedOptions,
  type StateMetrics,
  type Telemetry,
  type Unsubscribe,
} from '@zen-websocket/core';
import {
  cadenceWindow,
  checkKeys,
  FeedMonitor,
  refreshEvery,
  refreshInterval,
  systemClock,
  withFeeds,
} from '@zen-websocket/core/internal';
import type { BinanceStreams } from './streams.js';

/** Default window for real-time (event-driven) streams: trades, aggTrades, bookTicker, ms. */
export const BINANCE_EVENT_WINDOW_MS = 60_000;

/**
 * The default silence window of a Binance stream from its documented update speed: `@depth`, `@depth<N>`,
 * tickers, `@miniTicker`, `@avgPrice`, `@kline_1s` every 1000 ms (window 10 s); `…@100ms` depth every 100 ms
 * (2 s); other klines every 2000 ms (20 s). Real-time streams (`@trade`, `@aggTrade`, `@bookTicker`) get
 * `eventWindowMs`.
 *
 * @example
 * binanceFeedWindow('btcusdt@depth@100ms'); // 2000
 */
export function binanceFeedWindow(stream: string, eventWindowMs = BINANCE_EVENT_WINDOW_MS): number {
  const kind = stream.slice(stream.indexOf('@') + 1);
  if (/^depth\d*@100ms$/.test(kind)) return cadenceWindow(100);
  if (/^kline_1s(@|$)/.test(kind)) return cadenceWindow(1000);
  if (kind.startsWith('kline_')) return cadenceWindow(2000);
  if (/^(depth\d*|miniTicker|ticker(_\w+)?|avgPrice|referencePrice)(@arr)?$/.test(kind)) return cadenceWindow(1000);
  if (/^!(miniTicker|ticker(_\w+)?)@arr$/.test(stream)) return cadenceWindow(1000);
  return eventWindowMs;
}

/** A Binance payload's event time `E` (ms); undefined for payloads without one (bookTicker, partial depth). */
export function binanceEventTime(data: unknown): number | undefined {
  const e = (Array.isArray(data) ? data[data.length - 1] : data) as { E?: unknown } | null | undefined;
  return typeof e?.E === 'number' ? e.E : undefined;
}

/** A measured Binance clock: a `createBinanceApi` client is one (its `clockOffset` and `syncTime()`). */
export interface BinanceTimeSource {
  /** Server minus local clock, ms, as last measured. */
  readonly clockOffset: number;
  /** Measures the offset again (the WebSocket API's `time`) and resolves with it. */
  syncTime(): Promise<number>;
  /** Its connection: after each of its reconnects (which measure the offset again) `feed.offset` reports it. */
  readonly client?: Pick<Client, 'on'>;
}

/** Options of {@link withBinanceFeeds}: the feed options, plus the clock and telemetry bus to use. */
export interface BinanceFeedOptions extends FeedOptions {
  /** Timers (default the system clock). */
  clock?: Clock;
  /** Receives `feed.stale` / `feed.fresh` / `feed.lag` (default the shared `telemetry`). */
  telemetry?: Telemetry;
  /**
   * Where the clock offset is measured: a Binance API client (`createBinanceApi`), re-measured at once, every
   * `timeRefreshMs` and after each stream reconnect. Without it the offset is estimated from the streams' own
   * event times (a lower bound: see docs/feed-health.md). `offset` overrides both.
   */
  timeSource?: BinanceTimeSource;
  /** How often `timeSource` is re-measured, ms (default 60 000). */
  timeRefreshMs?: number;
}

/** A {@link BinanceStreams} with feed health: `getStateMetrics().feeds` and `stale` / `fresh` events. */
export type BinanceStreamsWithFeeds = Omit<BinanceStreams, 'on'> & {
  /** Per-stream lag and staleness, with the clock offset used and where it comes from. */
  getStateMetrics(): Partial<StateMetrics> & {
    clockOffsetMs: number;
    clockOffsetSource: ClockOffsetSource;
    feeds: Record<string, FeedHealth>;
  };
  on: BinanceStreams['on'] & ((type: 'stale' | 'fresh', handler: (change: FeedChange) => void) => Unsubscribe);
};

/**
 * Adds feed health to a market-streams object (in place, and returns it): lag of each stream's event time `E`
 * against receive time, and a silence watchdog per subscribed stream. Stream connections have no server-time
 * call, so the clock offset is measured by `timeSource` (a `createBinanceApi` client: its `time` replies),
 * refreshed every `timeRefreshMs` and after each reconnect; without one it is estimated from the streams' own
 * event times (the smallest receive-minus-event delay of the last 30–60 s, so lag is a lower bound), and
 * estimated afresh after each reconnect. `options.offset` overrides both.
 *
 * @example
 * const streams = withBinanceFeeds(createBinanceStreams({ socketFactory }), { timeSource: api });
 * streams.on('stale', ({ channel }) => console.warn(`${channel} is quiet`));
 */
export function withBinanceFeeds(streams: BinanceStreams, options: BinanceFeedOptions = {}): BinanceStreamsWithFeeds {
  const own = 'windows eventWindowMs samples offset clock telemetry timeSource timeRefreshMs';
  checkKeys('withBinanceFeeds', options, own.split(' '));
  const { clock = systemClock, telemetry = defaultTelemetry, timeSource, timeRefreshMs, ...feedOptions } = options;
  const every = refreshInterval(timeRefreshMs);
  if (timeSource !== undefined && typeof timeSource?.syncTime !== 'function') {
    throw new TypeError('feeds.timeSource must be a Binance API client (createBinanceApi): it has syncTime()');
  }
  const monitor = new FeedMonitor(feedOptions, {
    clock,
    telemetry,
    offset: timeSource && (() => timeSource.clockOffset),
    windowOf: (stream) => binanceFeedWindow(stream, feedOptions.eventWindowMs),
  });
  const measured = (offsetMs: number) => telemetry.emit('feed.offset', { venue: 'binance', offsetMs });
  const sync = async (): Promise<void> => {
    if (!timeSource) return monitor.resetEstimate();
    measured(await timeSource.syncTime());
  };
  const offs = [
    streams.on('message', ({ stream, data }) => monitor.record(stream, binanceEventTime(data))),
    // a new connection may reach another server: measure (or estimate) the offset again
    streams.on('state', ({ from, to }) => from === 'reconnecting' && to === 'connected' && void sync().catch(() => {})),
    streams.on('rotate', () => void sync().catch(() => {})),
    timeSource ? refreshEvery(clock, every, sync) : () => {},
    // the API client measures on each of its own connections (when both drop, the streams' request may fail)
    timeSource?.client?.on('ready', ({ connections }) => connections > 1 && measured(timeSource.clockOffset)) ??
      (() => {}),
  ];
  withFeeds(streams as unknown as Record<string | symbol, unknown>, monitor, offs);
  return streams as unknown as BinanceStreamsWithFeeds;
}
