import { EventHub, type Unsubscribe } from './events.js';

/**
 * Telemetry events: the original library's names and fields (measurements and metadata merged into one
 * object, camelCased), plus `message.in` / `message.out`. `rate_limiter.*` and `pool.*` are emitted by the
 * limiter and pool when those are in use.
 */
export type TelemetryEvents = {
  'connection.upgrade': { connectTimeMs: number; url: string };
  'heartbeat.pong': { rttMs: number; type: string };
  'request_correlator.track': { count: 1; id: unknown; timeoutMs: number };
  'request_correlator.resolve': { count: 1; id: unknown; roundTripMs: number };
  'request_correlator.timeout': { count: 1; id: unknown };
  'request_correlator.fail_all': { count: 1; id: unknown; reason: string };
  'subscription_manager.add': { count: 1; channel: string };
  'subscription_manager.remove': { count: 1; channel: string };
  'subscription_manager.restore': { channelCount: number; channels: string[] };
  'message.in': { url: string; type: 'text' | 'binary'; size: number };
  'message.out': { url: string; type: 'text' | 'binary'; size: number };
  'rate_limiter.consume': { tokensRemaining: number; cost: number; name: string };
  'rate_limiter.refill': { tokensBefore: number; tokensAfter: number; refillRate: number; name: string };
  /** The limiter's pressure level changed (see `pressureLevel` in `@zen-websocket/core/limiter`). */
  'rate_limiter.pressure': {
    level: 'low' | 'medium' | 'high' | 'critical';
    previous: 'low' | 'medium' | 'high' | 'critical';
    queueSize: number;
    tokens: number;
    name: string;
  };
  /** A message was refused because the limiter's queue was full (or it has none). */
  'rate_limiter.queue_full': { queueSize: number; maxQueue: number; cost: number; name: string };
  'pool.route': { health: number; poolSize: number; selected: unknown };
  'pool.health': { poolSize: number; avgHealth: number };
  'pool.failover': { attempt: number; failed: unknown; reason: unknown };
  /** A watched channel was silent for its window (feed health, `feeds` option of the venue clients). */
  'feed.stale': { channel: string; silentMs: number; windowMs: number };
  /** Data resumed on a stale channel. */
  'feed.fresh': { channel: string; silentMs: number; windowMs: number };
  /** One lag sample (receive minus event time, offset-corrected), emitted only while someone listens. */
  'feed.lag': { channel: string; lagMs: number };
  /** A venue's clock offset (server minus local, ms) was measured for feed health (Binance `timeSource`, Bybit pong). */
  'feed.offset': { venue: string; offsetMs: number };
};

/**
 * A typed telemetry bus. Clients report to {@link telemetry} unless given their own bus through the
 * `telemetry` option. Emitting with no listener costs one lookup.
 *
 * @example
 * telemetry.on('connection.upgrade', ({ url, connectTimeMs }) => metrics.observe(url, connectTimeMs));
 */
export class Telemetry<Events extends Record<string | symbol, unknown> = TelemetryEvents> {
  readonly #hub = new EventHub<Events>();
  #listeners = 0;

  on<K extends keyof Events>(name: K, handler: (payload: Events[K]) => void): Unsubscribe {
    this.#listeners++;
    const off = this.#hub.on(name, handler);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#listeners--;
      off();
    };
  }

  /** Whether a payload for `name` would reach anyone; check before building an expensive one. */
  wants(name: keyof Events): boolean {
    return this.#listeners > 0 && this.#hub.has(name);
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    if (this.#listeners > 0) this.#hub.emit(name, payload);
  }
}

/** The shared telemetry bus every client reports to by default. */
export const telemetry: Telemetry = new Telemetry();
