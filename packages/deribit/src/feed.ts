/**
 * `@zen-websocket/deribit/feed` — feed health for a Deribit client: per-channel lag (p50/p99, corrected by the
 * clock offset the client measures from `usIn`/`usOut`) and a silence watchdog. A separate entry point, so the
 * adapter and its script-tag add-on carry none of it. Guide: docs/feed-health.md.
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
import { cadenceWindow, checkKeys, FeedMonitor, systemClock, withFeeds } from '@zen-websocket/core/internal';
import type { DeribitClient } from './types.js';

/** Default window for event-driven channels (`.raw`, `agg2`, indexes, platform state), ms. */
export const DERIBIT_EVENT_WINDOW_MS = 60_000;

/**
 * The default silence window of a Deribit channel, from its interval suffix: `.100ms` publishes at most every
 * 100 ms (window 2 s); `.raw` and `.agg2` (Deribit publishes no fixed cadence for either) and channels without
 * an interval are event-driven and get `eventWindowMs`. Private `user.*` channels speak only when the account
 * does something, so they are never called stale (Infinity), only timed.
 *
 * @example
 * deribitFeedWindow('book.BTC-PERPETUAL.100ms'); // 2000
 */
export function deribitFeedWindow(channel: string, eventWindowMs = DERIBIT_EVENT_WINDOW_MS): number {
  if (channel.startsWith('user.')) return Number.POSITIVE_INFINITY;
  return channel.endsWith('.100ms') ? cadenceWindow(100) : eventWindowMs;
}

/**
 * The event time of a notification's `data`: its `timestamp`, or the newest one of an array (trades).
 *
 * @example
 * deribitEventTime([{ timestamp: 1 }, { timestamp: 2 }]); // 2
 */
export function deribitEventTime(data: unknown): number | undefined {
  const item = Array.isArray(data) ? data[data.length - 1] : data;
  const t = (item as { timestamp?: unknown } | null | undefined)?.timestamp;
  return typeof t === 'number' ? t : undefined;
}

/** Options of {@link withDeribitFeeds}: the feed options, plus the clock and telemetry bus to use. */
export interface DeribitFeedOptions extends FeedOptions {
  /** Timers (default the system clock; pass the client's `clock` when it has one). */
  clock?: Clock;
  /** Receives `feed.stale` / `feed.fresh` / `feed.lag` (default the shared `telemetry`). */
  telemetry?: Telemetry;
}

/** A Deribit client with feed health: `getStateMetrics()` gains `feeds` and `clockOffsetMs`; `stale`/`fresh` events. */
export type DeribitClientWithFeeds = Omit<DeribitClient, 'getStateMetrics' | 'on'> & {
  getStateMetrics(): ReturnType<DeribitClient['getStateMetrics']> & {
    /** Server clock minus local clock, ms, used to correct lag. */
    clockOffsetMs: number;
    /** `measured` (from `usIn`/`usOut`), or `option` when `offset` is given. */
    clockOffsetSource: ClockOffsetSource;
    /** Per-channel lag and staleness, by channel name. */
    feeds: Record<string, FeedHealth>;
  };
  /** The client's events, plus `stale` and `fresh` (so the wrapped client is still a `DeribitClient`). */
  on: DeribitClient['on'] & ((type: 'stale' | 'fresh', handler: (change: FeedChange) => void) => Unsubscribe);
};

/**
 * Adds feed health to a Deribit client (in place, and returns it), through its public API only: channels are
 * watched once `subscribe` confirms them, every notification is timed against its `timestamp` with the offset
 * `getClockOffset()` reports, and a channel silent for its window emits `stale` (then `fresh`).
 *
 * @example
 * import { createDeribitClient } from 'zen-websocket/deribit';
 * import { withDeribitFeeds } from '@zen-websocket/deribit/feed';
 *
 * const deribit = withDeribitFeeds(await createDeribitClient(), { windows: { 'ticker.BTC-PERPETUAL.100ms': 1000 } });
 * deribit.on('stale', ({ channel }) => console.warn(`${channel} is quiet`));
 * await deribit.subscribe('ticker.BTC-PERPETUAL.100ms');
 * deribit.getStateMetrics().feeds['ticker.BTC-PERPETUAL.100ms'].lagMs; // { p50, p99, samples }
 */
export function withDeribitFeeds(client: DeribitClient, options: DeribitFeedOptions = {}): DeribitClientWithFeeds {
  checkKeys('withDeribitFeeds', options, ['windows', 'eventWindowMs', 'samples', 'offset', 'clock', 'telemetry']);
  const { clock = systemClock, telemetry = defaultTelemetry, ...feedOptions } = options;
  const monitor = new FeedMonitor(feedOptions, {
    clock,
    telemetry,
    offset: () => client.getClockOffset(),
    windowOf: (channel) => deribitFeedWindow(channel, feedOptions.eventWindowMs),
  });
  const off = client.core.on('message', (m) => {
    const msg = m as { method?: unknown; params?: { channel?: unknown; data?: unknown } };
    if (msg.method !== 'subscription' || typeof msg.params?.channel !== 'string') return;
    monitor.record(msg.params.channel, deribitEventTime(msg.params.data));
  });
  withFeeds(client as unknown as Record<string | symbol, unknown>, monitor, off);
  return client as unknown as DeribitClientWithFeeds;
}
