import type { Clock } from './clock.js';
import type { HeartbeatEvent } from './events.js';
import type { ResolvedOptions } from './options.js';
import type { Protocol } from './protocol.js';
import type { Telemetry } from './telemetry.js';

/** What the heartbeat needs from the connection: three calls and a counter, nothing more. */
export interface HeartbeatHost {
  /** The clock, the telemetry bus and the dialect (its heartbeat probe and replies, for `type: 'protocol'`). */
  readonly o: {
    readonly clock: Clock;
    readonly telemetry: Telemetry;
    readonly protocol: Pick<Protocol, 'name' | 'heartbeat'>;
  };
  /** Number of frames (of any kind) received so far on this connection. */
  inboundCount(): number;
  /** Sends a ping frame; false when the socket cannot. */
  ping(payload: string): boolean;
  /** Sends an application message (string as is, object as JSON). */
  send(message: string | object): void;
  /** The connection is dead: terminate it and reconnect. */
  dead(silentMs: number): void;
  /** A probe could not be built or sent (e.g. a throwing `heartbeat.message` function): report it. */
  failed(cause: unknown): void;
  emit(event: HeartbeatEvent): void;
}

/** `getHeartbeatHealth()`. */
export interface HeartbeatHealth {
  type: string;
  config: ResolvedOptions['heartbeat'];
  /** Kinds of heartbeat seen on this connection (`ping_pong`, `<protocol>_<kind>` for answered server probes such as `deribit_test_request`, or the server's type). */
  activeHeartbeats: string[];
  /** Monotonic ms of the last heartbeat activity, null before any. */
  lastHeartbeatAt: number | null;
  /** Consecutive probes that went unanswered (reporting; the deadline decides death). */
  failureCount: number;
  /** Round-trip of the last answered ping frame, ms. */
  lastRttMs: number | null;
  timerActive: boolean;
  /** Whether this connection probes with ping frames (false: app-level probe or inactivity only). */
  pingFrames: boolean;
  /**
   * Whether this connection's socket sends ping frames and shows pongs at all, whatever the heartbeat type
   * (`ws` and Bun: yes; browsers, Deno, Node's native socket: no). Server pings then count as life.
   */
  controlFrames: boolean;
}

/** Heartbeat types whose probe and replies come from the protocol (`deribit` is the older name of `protocol`). */
const isProtocolType = (type: string) => type === 'protocol' || type === 'deribit';
/** Types that probe nothing and consume server heartbeats silently (`binance` is the older name of `passive`). */
const isPassiveType = (type: string) => type === 'passive' || type === 'binance';

/**
 * Liveness. Every `interval` it probes (ping frame, the protocol's probe, or the custom message); any inbound
 * frame counts as life. If an interval passed in silence and the probe brings nothing back within `timeout`,
 * the connection is declared dead — so a half-open socket is dropped after at most 2 × interval + timeout.
 * A tick that fires far too late (a throttled background tab, a suspended laptop) never condemns a
 * connection by itself: it probes and lets the next tick judge.
 */
export class Heartbeat {
  readonly #config: ResolvedOptions['heartbeat'];
  readonly #host: HeartbeatHost;
  #tickTimer: unknown;
  #checkTimer: unknown;
  #running = false;
  #pingFrames = false;
  #controlFrames = false;
  #expectedAt = 0;
  #countAtTick = 0;
  #seq = 0;
  #outstanding: { payload: string; sentAt: number } | undefined;
  #failures = 0;
  #lastAt: number | null = null;
  #lastRtt: number | null = null;
  #active: Set<string> | undefined;
  /** The tick, bound once (a bound function is lighter than an arrow function and its context). */
  #onTick: (() => void) | undefined;

  constructor(config: ResolvedOptions['heartbeat'], host: HeartbeatHost) {
    this.#config = config;
    this.#host = host;
  }

  /** Starts on a fresh connection; `pingFrames` says whether the socket can send ping frames. */
  start(pingFrames: boolean): void {
    this.stop();
    this.#controlFrames = pingFrames;
    if (this.#config.type === 'disabled') return;
    this.#running = true;
    this.#pingFrames = pingFrames && this.#config.type === 'ping_pong';
    this.#countAtTick = this.#host.inboundCount();
    this.#schedule();
  }

  /** Stops every timer and resets per-connection state. */
  stop(): void {
    const { clock } = this.#host.o;
    if (this.#tickTimer !== undefined) clock.clearTimeout(this.#tickTimer);
    if (this.#checkTimer !== undefined) clock.clearTimeout(this.#checkTimer);
    this.#tickTimer = this.#checkTimer = this.#outstanding = undefined;
    this.#running = false;
    this.#failures = 0;
  }

  /**
   * Probes at once and gives the peer `timeout` to show life (the page came back, the network came back):
   * a connection that died while the tab slept is found in seconds, not at the next tick.
   */
  probeNow(): void {
    if (!this.#running) return;
    if (this.#checkTimer === undefined) this.#armCheck(this.#host.inboundCount());
    try {
      this.#probe();
    } catch (cause) {
      this.#host.failed(cause);
    }
  }

  /** A pong frame arrived. */
  pong(payload: string): void {
    const out = this.#outstanding;
    if (!out || out.payload !== payload) return;
    const now = this.#host.o.clock.now();
    this.#outstanding = undefined;
    this.#lastRtt = now - out.sentAt;
    this.#record('ping_pong', now);
    this.#host.o.telemetry.emit('heartbeat.pong', { rttMs: this.#lastRtt, type: 'ping_pong' });
    this.#host.emit({ type: this.#config.type, kind: 'pong', rttMs: this.#lastRtt });
  }

  /**
   * A server heartbeat of `kind` arrived (the protocol recognised it). With a protocol heartbeat, the protocol's
   * reply is sent (e.g. Deribit's `test_request` → `public/test`); kinds it does not answer are consumed, as
   * they are by a passive heartbeat. Otherwise the kind becomes the active heartbeat.
   */
  serverHeartbeat(kind: string): void {
    const now = this.#host.o.clock.now();
    const since = this.#lastAt === null ? undefined : now - this.#lastAt;
    const { type } = this.#config;
    if (isProtocolType(type)) {
      const { protocol } = this.#host.o;
      const reply = protocol.heartbeat?.reply?.(kind);
      if (!reply) return;
      this.#host.send(reply);
      const active = `${protocol.name}_${kind}`;
      if (!this.#active) this.#active = new Set();
      this.#active.add(active);
      this.#record(undefined, now);
      if (since !== undefined) this.#host.o.telemetry.emit('heartbeat.pong', { rttMs: since, type: active });
      this.#host.emit({ type, kind: 'test_request' });
      return;
    }
    if (isPassiveType(type) || kind === '') return;
    this.#active = new Set([kind]);
    this.#record(undefined, now);
    if (since !== undefined) this.#host.o.telemetry.emit('heartbeat.pong', { rttMs: since, type: kind });
    this.#host.emit({ type, kind: 'server' });
  }

  health(): HeartbeatHealth {
    return {
      type: this.#config.type,
      config: this.#config,
      activeHeartbeats: this.#active ? [...this.#active] : [],
      lastHeartbeatAt: this.#lastAt,
      failureCount: this.#failures,
      lastRttMs: this.#lastRtt,
      timerActive: this.#tickTimer !== undefined,
      pingFrames: this.#pingFrames,
      controlFrames: this.#controlFrames,
    };
  }

  #record(kind: string | undefined, now: number): void {
    if (kind) {
      if (!this.#active) this.#active = new Set();
      this.#active.add(kind);
    }
    this.#lastAt = now;
    this.#failures = 0;
  }

  #schedule(): void {
    const { clock } = this.#host.o;
    this.#expectedAt = clock.now() + this.#config.interval;
    if (!this.#onTick) this.#onTick = this.#tick.bind(this);
    this.#tickTimer = clock.setTimeout(this.#onTick, this.#config.interval);
  }

  #tick(): void {
    if (!this.#running) return;
    const { clock } = this.#host.o;
    const late = clock.now() - this.#expectedAt > this.#config.interval;
    const count = this.#host.inboundCount();
    const quiet = count === this.#countAtTick && !late;
    this.#countAtTick = count;
    this.#schedule();
    if (quiet && this.#checkTimer === undefined) this.#armCheck(count);
    try {
      this.#probe();
    } catch (cause) {
      this.#host.failed(cause);
    }
  }

  #armCheck(mark: number): void {
    const { clock } = this.#host.o;
    this.#checkTimer = clock.setTimeout(() => {
      this.#checkTimer = undefined;
      if (this.#running && this.#host.inboundCount() === mark) {
        this.#host.dead(this.#config.interval + this.#config.timeout);
      }
    }, this.#config.timeout);
  }

  #probe(): void {
    const { type } = this.#config;
    if (type === 'ping_pong' && this.#pingFrames) return this.#ping();
    if (isProtocolType(type)) {
      const probe = this.#host.o.protocol.heartbeat?.probe;
      if (probe) this.#sendProbe(probe);
      return;
    }
    if (type === 'custom' && this.#config.message !== undefined) {
      const m = this.#config.message;
      this.#sendProbe(typeof m === 'function' ? m() : m);
    }
  }

  #ping(): void {
    if (this.#outstanding) this.#failures++;
    const payload = String(++this.#seq);
    if (this.#host.ping(payload)) this.#outstanding = { payload, sentAt: this.#host.o.clock.now() };
    this.#host.emit({ type: this.#config.type, kind: 'probe' });
  }

  #sendProbe(message: string | object): void {
    this.#lastAt = this.#host.o.clock.now();
    this.#host.send(message);
    this.#host.emit({ type: this.#config.type, kind: 'probe' });
  }
}
