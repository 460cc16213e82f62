import type { Clock } from '../clock.js';
import { EventHub, type Unsubscribe } from '../events.js';
import { checkKeys } from '../strict.js';
import type { Telemetry } from '../telemetry.js';
import { OffsetEstimate } from './estimate.js';
import { LagRing } from './ring.js';

/** The user's feed-health options (`feeds: true` or `feeds: { … }` on a venue client). */
export interface FeedOptions {
  /** Silence window per channel name, ms, replacing the default the venue derives from the channel's cadence. */
  windows?: Record<string, number>;
  /** Window for channels whose cadence the venue does not fix (event-driven streams such as trades), ms. */
  eventWindowMs?: number;
  /** Lag samples kept per channel for p50/p99 (default 256). */
  samples?: number;
  /** Server clock minus local clock, ms: overrides the offset the venue entry measures or estimates. */
  offset?: () => number;
}

/** One channel's health in `getStateMetrics().feeds`. */
export interface FeedHealth {
  /** Receive time minus the venue's event time, corrected by the clock offset, over the latest samples; null before the first timed message. */
  lagMs: { p50: number; p99: number; samples: number } | null;
  /** Milliseconds since the channel's last message (since it was watched when none came yet). */
  lastMessageAgeMs: number;
  /** Silent for at least `windowMs`. */
  stale: boolean;
  /** The silence window in force for this channel, ms (Infinity: never called stale). */
  windowMs: number;
  /** Messages seen on this channel. */
  messages: number;
}

/** Emitted on `stale` (silent for its window) and `fresh` (data resumed on a stale channel). */
export interface FeedChange {
  channel: string;
  /** Milliseconds without a message when the change was noticed. */
  silentMs: number;
  windowMs: number;
}

/**
 * Where the clock offset in use comes from: the user's `offset` option, a measurement of the venue's clock
 * (Deribit `usIn`/`usOut`, a Binance API client's `time`, a Bybit private pong), an estimate from the feed's own
 * event times (see docs/feed-health.md), or nothing yet (0).
 */
export type ClockOffsetSource = 'option' | 'measured' | 'estimated' | 'none';

/** Length of one window of the feed's own offset estimate, ms (the minimum is kept over two). */
export const ESTIMATE_WINDOW_MS = 30_000;

/** The events of a {@link FeedMonitor}. */
export type FeedEvents = { stale: FeedChange; fresh: FeedChange; error: Error };

/**
 * The silence window of a channel that publishes on a fixed cadence: ten intervals, at least 2 s. The one rule
 * every venue's default window table uses for periodic channels.
 *
 * @example
 * cadenceWindow(100); // 2000
 * cadenceWindow(1000); // 10000
 */
export function cadenceWindow(cadenceMs: number): number {
  return Math.max(2000, 10 * cadenceMs);
}

/** What an adapter gives the monitor: its clock, the offset it measured, its cadence table. */
export interface FeedMonitorSettings {
  /** Monotonic time and timers (the client's clock). */
  clock: Clock;
  /** Wall-clock milliseconds, as event times are (default `Date.now`). */
  now?: () => number;
  /** Server clock minus local clock as the adapter measured it, ms; undefined (or absent): not measured, estimate it. */
  offset?: (() => number | undefined) | undefined;
  /** The default silence window of a channel, ms (the venue's cadence knowledge). */
  windowOf: (channel: string) => number;
  /** Receives `feed.stale`, `feed.fresh` and (only when listened to) `feed.lag`. */
  telemetry?: Telemetry | undefined;
}

class Channel {
  readonly ring: LagRing;
  last: number;
  messages = 0;
  stale = false;
  timer: unknown;
  constructor(
    readonly name: string,
    readonly windowMs: number,
    samples: number,
    now: number,
  ) {
    this.ring = new LagRing(samples);
    this.last = now;
  }
}

/**
 * Per-channel feed lag and silence watchdog, venue-independent. `record()` is the hot path: one map lookup, one
 * store in a fixed ring, no allocation. Each watched channel has one timer, re-armed only when it fires (never
 * per message): silent for its window → `stale`; the next message → `fresh`.
 *
 * @example
 * const feeds = new FeedMonitor({ windows: { 'ticker.BTC-PERPETUAL.100ms': 2000 } }, {
 *   clock: systemClock, offset: () => 0, windowOf: () => 5000,
 * });
 * feeds.watch('ticker.BTC-PERPETUAL.100ms');
 * feeds.on('stale', ({ channel }) => console.warn(`${channel} went quiet`));
 * feeds.record('ticker.BTC-PERPETUAL.100ms', eventTimeMs);
 */
export class FeedMonitor {
  readonly #channels = new Map<string, Channel>();
  readonly #events = new EventHub<FeedEvents>();
  readonly #options: FeedOptions;
  readonly #settings: FeedMonitorSettings;
  readonly #now: () => number;
  readonly #samples: number;
  readonly #estimate = new OffsetEstimate(ESTIMATE_WINDOW_MS);

  constructor(options: FeedOptions, settings: FeedMonitorSettings) {
    checkKeys('feeds', options, ['windows', 'eventWindowMs', 'samples', 'offset']);
    for (const [name, ms] of Object.entries(options.windows ?? {}))
      positive(`feeds.windows[${JSON.stringify(name)}]`, ms);
    if (options.eventWindowMs !== undefined) positive('feeds.eventWindowMs', options.eventWindowMs);
    if (options.samples !== undefined && !(Number.isInteger(options.samples) && options.samples >= 1)) {
      throw new RangeError(`feeds.samples must be a whole number of at least 1, got ${String(options.samples)}`);
    }
    if (options.offset !== undefined && typeof options.offset !== 'function') {
      throw new TypeError('feeds.offset must be a function returning server minus local time, ms');
    }
    this.#options = options;
    this.#settings = settings;
    this.#now = settings.now ?? Date.now;
    this.#samples = options.samples ?? 256;
  }

  /** Starts watching `channel` (idempotent); its window starts now. */
  watch(channel: string): void {
    if (this.#channels.has(channel)) return;
    const window = this.#options.windows?.[channel] ?? this.#settings.windowOf(channel);
    const ch = new Channel(channel, window, this.#samples, this.#settings.clock.now());
    this.#channels.set(channel, ch);
    this.#arm(ch, window);
  }

  /** Stops watching `channel` and forgets its figures. */
  unwatch(channel: string): void {
    const ch = this.#channels.get(channel);
    if (!ch) return;
    this.#settings.clock.clearTimeout(ch.timer);
    this.#channels.delete(channel);
  }

  /** A message arrived on `channel`, stamped `eventTime` (ms since the epoch, server clock; NaN/undefined: none). */
  record(channel: string, eventTime: number | undefined): void {
    const ch = this.#channels.get(channel);
    if (ch === undefined) return;
    const before = ch.last;
    ch.last = this.#settings.clock.now();
    ch.messages++;
    if (eventTime !== undefined && eventTime > 0) {
      const delay = this.#now() - eventTime;
      this.#estimate.observe(delay, ch.last);
      const lag = delay + this.#offset();
      ch.ring.push(lag);
      const telemetry = this.#settings.telemetry;
      if (telemetry?.wants('feed.lag')) telemetry.emit('feed.lag', { channel, lagMs: lag });
    }
    if (ch.stale) this.#change(ch, false, ch.last - before);
  }

  /** Health of every watched channel, by name. */
  snapshot(): Record<string, FeedHealth> {
    const out: Record<string, FeedHealth> = {};
    const now = this.#settings.clock.now();
    for (const ch of this.#channels.values()) {
      const q = ch.ring.quantiles();
      out[ch.name] = {
        lagMs: q && { ...q, samples: ch.ring.size },
        lastMessageAgeMs: Math.max(0, now - ch.last),
        stale: ch.stale,
        windowMs: ch.windowMs,
        messages: ch.messages,
      };
    }
    return out;
  }

  /** The clock offset in use, ms (server minus local). */
  offset(): number {
    return this.#offset();
  }

  /** Where {@link FeedMonitor.offset} comes from. */
  offsetSource(): ClockOffsetSource {
    if (this.#options.offset) return 'option';
    if (this.#settings.offset?.() !== undefined) return 'measured';
    return this.#estimate.offset() === undefined ? 'none' : 'estimated';
  }

  /** Drops the feed's own offset estimate (after a reconnect: the next messages estimate it afresh). */
  resetEstimate(): void {
    this.#estimate.reset();
  }

  /** Adds a handler for `stale`, `fresh` or `error`; returns its unsubscribe function. */
  on<K extends keyof FeedEvents>(type: K, handler: (payload: FeedEvents[K]) => void): Unsubscribe {
    return this.#events.on(type, handler);
  }

  /** Stops every watchdog timer and forgets every channel. */
  close(): void {
    for (const ch of [...this.#channels.keys()]) this.unwatch(ch);
    this.#events.clear();
  }

  #offset(): number {
    if (this.#options.offset) return this.#options.offset();
    return this.#settings.offset?.() ?? this.#estimate.offset() ?? 0;
  }

  #arm(ch: Channel, delay: number): void {
    if (!Number.isFinite(delay)) return; // a channel with no silence window is only timed
    ch.timer = this.#settings.clock.setTimeout(() => this.#check(ch), delay);
  }

  #check(ch: Channel): void {
    if (this.#channels.get(ch.name) !== ch) return;
    const silent = this.#settings.clock.now() - ch.last;
    if (silent < ch.windowMs) return this.#arm(ch, ch.windowMs - silent);
    this.#change(ch, true, silent);
  }

  #change(ch: Channel, stale: boolean, silentMs: number): void {
    ch.stale = stale;
    if (!stale) this.#arm(ch, ch.windowMs);
    const change: FeedChange = { channel: ch.name, silentMs, windowMs: ch.windowMs };
    const name = stale ? 'stale' : 'fresh';
    this.#settings.telemetry?.emit(`feed.${name}`, change);
    this.#events.emit(name, change);
  }
}

function positive(name: string, value: unknown): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
}
