import type { Client } from '../client.js';
import type { Clock } from '../clock.js';
import type { ZenError } from '../errors.js';
import type { Unsubscribe } from '../events.js';
import type { ConnectOptions, UrlSource } from '../options.js';
import type { JsonObject } from '../protocol.js';
import type { Telemetry } from '../telemetry.js';

/**
 * Anything `sendBalanced` can route to: a {@link Client}, or a stand-in for a client elsewhere (another tab,
 * worker or process; see `shareClients`). Only `sendMessage` is required. Without `getState` a member counts
 * as connected; without the metrics methods it counts as idle and fast.
 */
export interface PoolMember {
  sendMessage(message: string | object): Promise<JsonObject | undefined>;
  getState?(): string;
  getStateMetrics?(): { pendingRequestsSize: number };
  getLatencyStats?(): { p50: number } | null;
}

/** Where `sendBalanced` finds its candidates: the pool's own clients by default. */
export type ClientDiscovery = () => Iterable<PoolMember> | Promise<Iterable<PoolMember>>;

/** Per-call options of `sendBalanced`. */
export interface SendBalancedOptions {
  /** Clients tried before giving up with `max_attempts_exceeded` (default 3). */
  maxAttempts?: number;
  /** The candidates (default: the pool's clients). Lets users route across workers, tabs or processes. */
  clientDiscovery?: ClientDiscovery;
  /**
   * Whether a failed send may be retried on another client. Default {@link notSent}: only when the message
   * surely never left (`error.sent === false`, `not_connected`, `closed`) — a request whose outcome is unknown
   * (an order!) is never sent twice.
   */
  shouldFailover?: (error: unknown) => boolean;
}

/** A member and its health score. */
export interface MemberHealth<M = PoolMember> {
  client: M;
  health: number;
}

/** Options of `createRouter`. */
export interface RouterOptions {
  /** Time source for error decay (default the system clock). */
  clock?: Clock;
  /** Telemetry bus for `pool.route`, `pool.health`, `pool.failover` (default the shared one). */
  telemetry?: Telemetry;
  /** Milliseconds after the last failure at which a member's error count is forgotten (default 60000). */
  errorDecayMs?: number;
}

/** `transient`: restarted only after a failure. `permanent`: also after the user closes the client itself. */
export type RestartPolicy = 'transient' | 'permanent';

/** Why a client left the pool. */
export type RemovalReason =
  /** `stopClient()`. */
  | 'stopped'
  /** The pool was closed. */
  | 'pool_closed'
  /** The user called `client.close()` (a `permanent` pool then starts a replacement). */
  | 'closed'
  /** Restart intensity exceeded: the client kept failing and is given up on. */
  | 'exhausted';

/** What `onDisconnect` is told. */
export interface PoolDisconnectInfo {
  /** `gave_up`: the client gave up reconnecting (a restart follows when the budget allows); else why it left. */
  reason: RemovalReason | 'gave_up';
  error?: ZenError;
}

/**
 * The `connect` the pool makes clients with: `zen-websocket`'s, core's, or your own wrapper. `O` is its options
 * type, which `startClient` then takes.
 */
export type ConnectFunction<O = ConnectOptions<Client>> = (url: UrlSource, options: O) => Promise<Client>;

/** Options of `createClientPool`. Unknown keys are rejected with a TypeError. */
export interface ClientPoolOptions<O = ConnectOptions<Client>> extends RouterOptions {
  /** Makes each client, e.g. `connect` from `zen-websocket`. */
  connect: ConnectFunction<O>;
  /** Restart policy (default `transient`). */
  restart?: RestartPolicy;
  /** Restart intensity: most restarts of one client within `restartWindowMs` (default 10; 0 = never restart). */
  maxRestarts?: number;
  /** The intensity window, ms (default 60000). */
  restartWindowMs?: number;
  /**
   * A client joined or re-joined the pool connected: after `startClient` and after each restart. What it
   * returns is ignored (so `(c) => registry.add(c)` fits), except that a promise that rejects is reported on `error`.
   */
  onConnect?: (client: Client) => unknown;
  /** A client stopped being usable: it gave up, or it left the pool. Returns like `onConnect`. */
  onDisconnect?: (client: Client, info: PoolDisconnectInfo) => unknown;
}

/** Events of a pool (`pool.on(type, handler)`). */
export type PoolEvents = {
  /** A hook threw, a replacement failed to connect, or a client's restart intensity was exceeded. */
  error: ZenError;
  /** A client (or its replacement) is being restarted; `restarts` counts those within the window. */
  restart: { client: Client; restarts: number; error: ZenError | undefined };
  /** A client joined the pool (`startClient`, or a `permanent` replacement). */
  add: { client: Client };
  /** A client left the pool. */
  remove: { client: Client; reason: RemovalReason; error: ZenError | undefined };
};

/** A supervised set of clients with health-aware sending. Created by `createClientPool`. */
export interface ClientPool<O = ConnectOptions<Client>> {
  /**
   * Connects a client with `connect(url, options)` and adds it to the pool; rejects (adding nothing) when the
   * first connection fails.
   */
  startClient(url: UrlSource, options?: O): Promise<Client>;
  /** The pool's clients, whatever their connection state. */
  listClients(): Client[];
  /** Closes `client` for good and removes it (never restarted); false when it is not in the pool. */
  stopClient(client: Client): Promise<boolean>;
  /** Sends through the healthiest connected client, failing over as allowed; see {@link SendBalancedOptions}. */
  sendBalanced(message: string | object, options?: SendBalancedOptions): Promise<JsonObject | undefined>;
  /** Each client's health score (0–100); emits `pool.health`. */
  poolHealth(): Array<MemberHealth<Client>>;
  on<K extends keyof PoolEvents>(type: K, handler: (payload: PoolEvents[K]) => void): Unsubscribe;
  /** Stops every client and refuses new ones. Idempotent; always resolves. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
