import type { Clock } from './clock.js';
import type { HeartbeatEvent } from './events.js';
import { PING_FRAMES } from './node-socket.js';
import type { ResolvedOptions } from './options.js';
import type { Protocol } from './protocol.js';
import type { Telemetry } from './telemetry.js';
import { type TickEntry, tickerFor } from './ticks.js';

/** What the heartbeat needs from its host (the session): its options, three calls and a counter, nothing more. */
export interface HeartbeatHost {
  /** The clock, the telemetry bus, the dialect (its heartbeat probe and replies, for `type: 'protocol'`) and the heartbeat's own options. */
  readonly o: {
    readonly clock: Clock;
    readonly telemetry: Telemetry;
    readonly protocol: Pick<Protocol, 'name' | 'heartbeat'>;
    readonly heartbeat: ResolvedOptions['heartbeat'];
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
 *
 * The base class of its host, the session: its state is fields of the session object and its ticks come from
 * the one timer of every client with the same clock and interval ({@link tickerFor}), so an idle client
 * carries no heartbeat object, timer or bound function of its own (bench/live-objects.mjs).
 */
export abstract class Heartbeat implements HeartbeatHost, TickEntry {
  abstract readonly o: HeartbeatHost['o'];
  abstract inboundCount(): number;
  abstract ping(payload: string): boolean;
  abstract send(message: string | object): void;
  abstract dead(silentMs: number): void;
  abstract failed(cause: unknown): void;
  abstract emit(event: HeartbeatEvent): void;

  /** Set by the ticker (see {@link TickEntry}). */
  tickDue = 0;
  #checkTimer: unknown;
  #running = false;
  #pingFrames = false;
  #controlFrames = false;
  #countAtTick = 0;
  #seq = 0;
  #outstanding: { payload: string; sentAt: number } | undefined;
  #failures = 0;
  #lastAt: number | null = null;
  #lastRtt: number | null = null;
  #active: Set<string> | undefined;

  /** Starts on a fresh connection (at `now`, the clock's); `pingFrames` says whether the socket can send ping frames. */
  start(pingFrames: boolean, now?: number): void {
    this.stop();
    this.#controlFrames = pingFrames;
    const { type } = this.o.heartbeat;
    if (type === 'disabled') return;
    this.#running = true;
    this.#pingFrames = pingFrames && type === 'ping_pong';
    this.#countAtTick = this.inboundCount();
    this.#schedule(now);
  }

  /** Stops every timer and resets per-connection state. */
  stop(): void {
    const { clock, heartbeat } = this.o;
    if (this.#running) tickerFor(clock, heartbeat.interval).remove(this);
    if (this.#checkTimer !== undefined) clock.clearTimeout(this.#checkTimer);
    this.#checkTimer = this.#outstanding = undefined;
    this.#running = false;
    this.#failures = 0;
  }

  /**
   * Probes at once and gives the peer `timeout` to show life (the page came back, the network came back):
   * a connection that died while the tab slept is found in seconds, not at the next tick.
   */
  probeNow(): void {
    if (!this.#running) return;
    if (this.#checkTimer === undefined) this.#armCheck(this.inboundCount());
    this.#probe();
  }

  /** A pong frame arrived. */
  pong(payload: string): void {
    const out = this.#outstanding;
    if (!PING_FRAMES || !out || out.payload !== payload) return; // page builds: no ping frames, no pongs
    const now = this.o.clock.now();
    this.#outstanding = undefined;
    this.#lastRtt = now - out.sentAt;
    this.#record('ping_pong', now);
    this.o.telemetry.emit('heartbeat.pong', { rttMs: this.#lastRtt, type: 'ping_pong' });
    this.emit({ type: this.o.heartbeat.type, kind: 'pong', rttMs: this.#lastRtt });
  }

  /**
   * A server heartbeat of `kind` arrived (the protocol recognised it). With a protocol heartbeat, the protocol's
   * reply is sent (e.g. Deribit's `test_request` → `public/test`); kinds it does not answer are consumed, as
   * they are by a passive heartbeat. Otherwise the kind becomes the active heartbeat.
   */
  serverHeartbeat(kind: string): void {
    const now = this.o.clock.now();
    const since = this.#lastAt === null ? undefined : now - this.#lastAt;
    const { type } = this.o.heartbeat;
    let active = kind;
    if (isProtocolType(type)) {
      const { protocol } = this.o;
      const reply = protocol.heartbeat?.reply?.(kind);
      if (!reply) return;
      this.send(reply);
      active = `${protocol.name}_${kind}`;
    } else if (isPassiveType(type) || kind === '') return;
    else this.#active = undefined; // the server's kind replaces what was seen before
    this.#record(active, now);
    if (since !== undefined) this.o.telemetry.emit('heartbeat.pong', { rttMs: since, type: active });
    this.emit({ type, kind: active === kind ? 'server' : 'test_request' });
  }

  health(): HeartbeatHealth {
    const config = this.o.heartbeat;
    return {
      type: config.type,
      config,
      activeHeartbeats: this.#active ? [...this.#active] : [],
      lastHeartbeatAt: this.#lastAt,
      failureCount: this.#failures,
      lastRttMs: this.#lastRtt,
      timerActive: this.#running,
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

  #schedule(now?: number): void {
    tickerFor(this.o.clock, this.o.heartbeat.interval).add(this, now);
  }

  /** The ticker's call: one interval has passed since the last tick (or the start). */
  tick(): void {
    if (!this.#running) return;
    const { clock, heartbeat } = this.o;
    const late = clock.now() - this.tickDue > heartbeat.interval;
    const count = this.inboundCount();
    const quiet = count === this.#countAtTick && !late;
    this.#countAtTick = count;
    this.#schedule();
    if (quiet && this.#checkTimer === undefined) this.#armCheck(count);
    this.#probe();
  }

  #armCheck(mark: number): void {
    const { clock, heartbeat } = this.o;
    this.#checkTimer = clock.setTimeout(() => {
      this.#checkTimer = undefined;
      if (this.#running && this.inboundCount() === mark) this.dead(heartbeat.interval + heartbeat.timeout);
    }, heartbeat.timeout);
  }

  /** Sends the probe of this heartbeat type (a failure to build or send one is reported, never thrown). */
  #probe(): void {
    const config = this.o.heartbeat;
    const { type } = config;
    try {
      if (PING_FRAMES && type === 'ping_pong' && this.#pingFrames) {
        if (this.#outstanding) this.#failures++;
        const payload = String(++this.#seq);
        if (this.ping(payload)) this.#outstanding = { payload, sentAt: this.o.clock.now() };
      } else {
        const m = isProtocolType(type)
          ? this.o.protocol.heartbeat?.probe
          : type === 'custom'
            ? config.message
            : undefined;
        if (m === undefined) return;
        const message = typeof m === 'function' ? m() : m;
        this.#lastAt = this.o.clock.now();
        this.send(message);
      }
      this.emit({ type, kind: 'probe' });
    } catch (cause) {
      this.failed(cause);
    }
  }
}
