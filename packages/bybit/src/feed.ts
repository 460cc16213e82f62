/**
 * `@zen-websocket/bybit/feed` — feed health for a Bybit client: per-stream lag and a silence watchdog. A separate entry
 * point, so the adapter and its script-tag add-on carry none of it. Guide: docs/feed-health.md.
 */
import {
  type Clock,
  telemetry as defaultTelemetry,
  type FeedChange,
  type FeedHealth,
  type FeedOptions,
  type Telemetry,
  type Unsubscribe,
} from '@zen-websocket/core';
import { cadenceWindow, FeedMonitor, systemClock, withFeeds } from '@zen-websocket/core/internal';
import type { BybitClient } from './types.js';

/** Default window for event-driven topics (publicTrade, liquidations, klines), ms. */
export const BYBIT_EVENT_WINDOW_MS = 60_000;
/** Private topics: they speak only when the account does something, so they are never called stale. */
const PRIVATE = /^(order|execution|fast-execution|position|wallet|greeks|dcp)(\.|$)/;
/** `orderbook.<depth>` push frequency, ms, as Bybit documents it (linear/inverse; spot 200: 200 ms). */
const BOOK_PUSH: Record<string, number> = { '1': 10, '50': 20, '200': 100, '500': 100, '1000': 200 };

/**
 * The default silence window of a Bybit topic from its documented push frequency: `orderbook.<depth>.*` (10 ms
 * at depth 1 up to 100–200 ms at depth 200–1000) and `tickers.*` (100 ms derivatives, 50 ms spot) all get the 2 s
 * floor; other public topics are event-driven (`eventWindowMs`); private topics are never stale (Infinity).
 *
 * @example
 * bybitFeedWindow('orderbook.50.BTCUSDT'); // 2000
 */
export function bybitFeedWindow(topic: string, eventWindowMs = BYBIT_EVENT_WINDOW_MS): number {
  if (PRIVATE.test(topic)) return Number.POSITIVE_INFINITY;
  const [head, depth] = topic.split('.');
  if (head === 'orderbook' && depth !== undefined && depth in BOOK_PUSH)
    return cadenceWindow(BOOK_PUSH[depth] as number);
  if (head === 'tickers') return cadenceWindow(100);
  return eventWindowMs;
}

/** Options of {@link withBybitFeeds}: the feed options, plus the clock and telemetry bus to use. */
export interface BybitFeedOptions extends FeedOptions {
  /** Timers (default the system clock). */
  clock?: Clock;
  /** Receives `feed.stale` / `feed.fresh` / `feed.lag` (default the shared `telemetry`). */
  telemetry?: Telemetry;
}

/** A {@link BybitClient} with feed health: `getStateMetrics().feeds` and `stale` / `fresh` events. */
export type BybitClientWithFeeds = Omit<BybitClient, 'on'> & {
  /** Per-topic lag and staleness (`clockOffsetMs`: the offset used, from `options.offset`, else 0). */
  getStateMetrics(): { clockOffsetMs: number; feeds: Record<string, FeedHealth> };
  on: BybitClient['on'] & ((type: 'stale' | 'fresh', handler: (change: FeedChange) => void) => Unsubscribe);
};

/**
 * Adds feed health to a Bybit client (in place, and returns it): lag of each topic message's `ts` (public) or
 * `creationTime` (private) against receive time, and a silence watchdog per subscribed topic. Bybit's streams
 * carry no server-time call, so the clock offset is `options.offset` (e.g. from REST `/v5/market/time`), else 0.
 *
 * @example
 * const bybit = withBybitFeeds(await createBybitClient({ socketFactory }), { windows: { 'tickers.BTCUSDT': 5000 } });
 * await bybit.subscribe('orderbook.50.BTCUSDT');
 * bybit.getStateMetrics().feeds['orderbook.50.BTCUSDT'].lagMs;
 */
export function withBybitFeeds(client: BybitClient, options: BybitFeedOptions = {}): BybitClientWithFeeds {
  const { clock = systemClock, telemetry = defaultTelemetry, ...feedOptions } = options;
  const monitor = new FeedMonitor(feedOptions, {
    clock,
    telemetry,
    offset: () => 0,
    windowOf: (topic) => bybitFeedWindow(topic, feedOptions.eventWindowMs),
  });
  const off = client.on('message', (m) => monitor.record(m.topic, m.ts ?? m.creationTime));
  withFeeds(client as unknown as Record<string | symbol, unknown>, monitor, off);
  return client as unknown as BybitClientWithFeeds;
}
