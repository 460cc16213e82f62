import { type Client, telemetry as defaultTelemetry, type FeedOptions, type Telemetry } from '@zen-websocket/core';
import { type Clock, FeedMonitor, systemClock, withFeeds } from '@zen-websocket/core/internal';

/** Window for a channel with a fixed cadence: ten intervals, at least 2 s. */
const periodic = (cadenceMs: number): number => Math.max(2000, 10 * cadenceMs);
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
  return channel.endsWith('.100ms') ? periodic(100) : eventWindowMs;
}

/** The event time of a notification's `data`: its `timestamp`, or the newest one of an array (trades). */
export function deribitEventTime(data: unknown): number | undefined {
  const item = Array.isArray(data) ? data[data.length - 1] : data;
  const t = (item as { timestamp?: unknown } | null | undefined)?.timestamp;
  return typeof t === 'number' ? t : undefined;
}

/**
 * The feed monitor of a Deribit client (made before connecting, so bad `feeds` options throw first), with the
 * offset Deribit's `usIn`/`usOut` replies measured and the cadence table above.
 */
export function deribitFeedMonitor(
  options: FeedOptions,
  offset: () => number,
  clock: Clock = systemClock,
  telemetry: Telemetry = defaultTelemetry,
): FeedMonitor {
  return new FeedMonitor(options, {
    clock,
    offset,
    telemetry,
    windowOf: (channel) => deribitFeedWindow(channel, options.eventWindowMs),
  });
}

/** Adds feed health to a Deribit client object (in place): every notification of a watched channel is recorded. */
export function attachDeribitFeeds(client: Record<string | symbol, unknown>, core: Client, monitor: FeedMonitor): void {
  const off = core.on('message', (m) => {
    const msg = m as { method?: unknown; params?: { channel?: unknown; data?: unknown } };
    if (msg.method !== 'subscription' || typeof msg.params?.channel !== 'string') return;
    monitor.record(msg.params.channel, deribitEventTime(msg.params.data));
  });
  withFeeds(client, monitor, off);
}
