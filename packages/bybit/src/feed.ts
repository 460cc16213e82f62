/**
 * `@zen-websocket/bybit/feed` — feed health for a Bybit client: per-stream lag and a silence watchdog. A separate entry
 * point, so the adapter and its script-tag add-on carry none of it. Guide: docs/feed-health.md.
 */
import {
  type Clock,
  type ClockOffsetSource,
  telemetry as defaultTelemetry,
  type FeedChange,
  type FeedHealth,
  type FeedOptions,
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
import { pingOffset } from './clock.js';
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
  /** How often the offset is re-measured on the private connection (a ping; its pong carries the time), ms (default 60 000). */
  timeRefreshMs?: number;
}

/** A {@link BybitClient} with feed health: `getStateMetrics().feeds` and `stale` / `fresh` events. */
export type BybitClientWithFeeds = Omit<BybitClient, 'on'> & {
  /** Per-topic lag and staleness, with the clock offset used and where it comes from. */
  getStateMetrics(): {
    clockOffsetMs: number;
    clockOffsetSource: ClockOffsetSource;
    feeds: Record<string, FeedHealth>;
  };
  /**
   * Measures the clock offset now (a ping on the private connection, timed like NTP) and resolves with it;
   * undefined for a client without keys, whose offset is estimated from the feed.
   */
  syncClock(): Promise<number | undefined>;
  on: BybitClient['on'] & ((type: 'stale' | 'fresh', handler: (change: FeedChange) => void) => Unsubscribe);
};

/**
 * Adds feed health to a Bybit client (in place, and returns it): lag of each topic message's `ts` (public) or
 * `creationTime` (private) against receive time, and a silence watchdog per subscribed topic. With keys the
 * clock offset is measured on the private connection: a ping whose pong carries the server time in `args`, timed
 * like NTP, at once, every `timeRefreshMs` and after each reconnect. Public streams have no time call, so
 * without keys it is estimated from the topics' own `ts` (the smallest receive-minus-event delay of the last
 * 30–60 s, so lag is a lower bound). `options.offset` overrides both.
 *
 * @example
 * const bybit = withBybitFeeds(await createBybitClient({ socketFactory }), { windows: { 'tickers.BTCUSDT': 5000 } });
 * await bybit.subscribe('orderbook.50.BTCUSDT');
 * bybit.getStateMetrics().feeds['orderbook.50.BTCUSDT'].lagMs;
 */
export function withBybitFeeds(client: BybitClient, options: BybitFeedOptions = {}): BybitClientWithFeeds {
  const own = 'windows eventWindowMs samples offset clock telemetry timeRefreshMs';
  checkKeys('withBybitFeeds', options, own.split(' '));
  const { clock = systemClock, telemetry = defaultTelemetry, timeRefreshMs, ...feedOptions } = options;
  const every = refreshInterval(timeRefreshMs);
  const priv = client.private;
  let measured: number | undefined;
  const monitor = new FeedMonitor(feedOptions, {
    clock,
    telemetry,
    offset: () => measured,
    windowOf: (topic) => bybitFeedWindow(topic, feedOptions.eventWindowMs),
  });
  const syncClock = async (): Promise<number | undefined> => {
    const offsetMs = priv && (await pingOffset(priv));
    if (offsetMs === undefined) return measured;
    telemetry.emit('feed.offset', { venue: 'bybit', offsetMs });
    measured = offsetMs;
    return offsetMs;
  };
  const offs = [
    client.on('message', (m) => monitor.record(m.topic, m.ts ?? m.creationTime)),
    // a new connection may reach another server: measure (private, once authenticated) or estimate (public) again
    client.on('state', ({ endpoint, from, to }) => {
      if (endpoint === 'public' && from === 'reconnecting' && to === 'connected') monitor.resetEstimate();
    }),
    priv ? priv.on('ready', ({ connections }) => connections > 1 && void syncClock().catch(() => {})) : () => {},
    priv ? refreshEvery(clock, every, syncClock) : () => {},
  ];
  withFeeds(client as unknown as Record<string | symbol, unknown>, monitor, offs);
  (client as unknown as BybitClientWithFeeds).syncClock = syncClock;
  return client as unknown as BybitClientWithFeeds;
}
