/**
 * `@zen-websocket/binance/feed` — feed health for Binance market streams: per-stream lag and a silence watchdog. A separate entry
 * point, so the adapter and its script-tag add-on carry none of it. Guide: docs/feed-health.md.
 */
import {
  type Clock,
  telemetry as defaultTelemetry,
  type FeedChange,
  type FeedHealth,
  type FeedOptions,
  type StateMetrics,
  type Telemetry,
  type Unsubscribe,
} from '@zen-websocket/core';
import { cadenceWindow, FeedMonitor, systemClock, withFeeds } from '@zen-websocket/core/internal';
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

/** Options of {@link withBinanceFeeds}: the feed options, plus the clock and telemetry bus to use. */
export interface BinanceFeedOptions extends FeedOptions {
  /** Timers (default the system clock). */
  clock?: Clock;
  /** Receives `feed.stale` / `feed.fresh` / `feed.lag` (default the shared `telemetry`). */
  telemetry?: Telemetry;
}

/** A {@link BinanceStreams} with feed health: `getStateMetrics().feeds` and `stale` / `fresh` events. */
export type BinanceStreamsWithFeeds = Omit<BinanceStreams, 'on'> & {
  /** Per-stream lag and staleness (`clockOffsetMs`: the offset used, from `options.offset`, else 0). */
  getStateMetrics(): Partial<StateMetrics> & { clockOffsetMs: number; feeds: Record<string, FeedHealth> };
  on: BinanceStreams['on'] & ((type: 'stale' | 'fresh', handler: (change: FeedChange) => void) => Unsubscribe);
};

/**
 * Adds feed health to a market-streams object (in place, and returns it): lag of each stream's event time `E`
 * against receive time, and a silence watchdog per subscribed stream. Stream connections have no server-time
 * call, so the clock offset is `options.offset` (e.g. `() => api.clockOffset` of a `createBinanceApi` client,
 * measured from its `time` replies), else 0.
 *
 * @example
 * const streams = withBinanceFeeds(createBinanceStreams({ socketFactory }), { offset: () => api.clockOffset });
 * streams.on('stale', ({ channel }) => console.warn(`${channel} is quiet`));
 */
export function withBinanceFeeds(streams: BinanceStreams, options: BinanceFeedOptions = {}): BinanceStreamsWithFeeds {
  const { clock = systemClock, telemetry = defaultTelemetry, ...feedOptions } = options;
  const monitor = new FeedMonitor(feedOptions, {
    clock,
    telemetry,
    offset: () => 0,
    windowOf: (stream) => binanceFeedWindow(stream, feedOptions.eventWindowMs),
  });
  const off = streams.on('message', ({ stream, data }) => monitor.record(stream, binanceEventTime(data)));
  withFeeds(streams as unknown as Record<string | symbol, unknown>, monitor, off);
  return streams as unknown as BinanceStreamsWithFeeds;
}
