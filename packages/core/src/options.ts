import type { Classifier } from './classify.js';
import { type Clock, systemClock } from './clock.js';
import type { ZenError } from './errors.js';
import { jsonRpc, type Protocol } from './protocol.js';
import { assertSocketFactory, type SocketFactory } from './socket.js';
import { telemetry as sharedTelemetry, type Telemetry } from './telemetry.js';

/** Heartbeat types; see `docs/architecture.md` for what each sends and listens for. */
export type HeartbeatType = 'ping_pong' | 'deribit' | 'binance' | 'custom' | 'disabled';

export interface HeartbeatOptions {
  type: HeartbeatType;
  /** Milliseconds between probes (default 30000). */
  interval?: number;
  /** Extra silence tolerated after a probe before the connection is declared dead (default 10000). */
  timeout?: number;
  /** For `custom`: the probe to send each interval (a string, an object sent as JSON, or a function returning one). */
  message?: string | object | (() => string | object);
}

/** Page and network signals a runtime can report (browsers: online/offline, visibility, page lifecycle). */
export type LifecycleSignal = 'online' | 'offline' | 'visible' | 'hidden' | 'pagehide' | 'pageshow';

/**
 * Subscribes the client to lifecycle signals; returns the unsubscribe function. The `zen-websocket` browser
 * build supplies one over `window`/`document` events; other runtimes have none.
 */
export type LifecycleSource = (emit: (signal: LifecycleSignal) => void) => () => void;

/** What a `handler` option receives (the original library's handler messages). */
export type HandlerMessage =
  | { type: 'message'; data: unknown }
  | { type: 'binary'; data: Uint8Array }
  | { type: 'unmatched_response'; data: Record<string, unknown> }
  | { type: 'protocol_error'; error: ZenError };

/** Why a connection ended, as given to `onDisconnect`. */
export interface DisconnectInfo {
  /** The error behind the drop; undefined after `close()`. */
  error?: ZenError;
  /** The state the client moves to. */
  next: 'reconnecting' | 'disconnected' | 'closed';
}

/** Options of `connect(url, options)`. Unknown keys are rejected with a TypeError. */
export interface ConnectOptions<C = unknown> {
  /** Per-attempt budget for the TCP/TLS connection and the upgrade, ms (default 5000). */
  timeout?: number;
  /** Headers for the upgrade request (where the runtime allows; browsers cannot). Values are never logged. */
  headers?: Record<string, string> | ReadonlyArray<readonly [string, string]>;
  /** Log lifecycle steps: `true` for `console.debug`, or your own logger. Silent when off. */
  debug?: boolean | ((line: string) => void);
  /** Reconnect attempts after a failure before giving up (default 3; `Infinity` allowed; 0 = never). */
  retryCount?: number;
  /** Base backoff delay, ms (default 1000). */
  retryDelay?: number;
  /** Backoff cap, ms (default 30000; must be ≥ retryDelay). */
  maxBackoff?: number;
  /** Reconnect automatically after a retryable failure (default true). */
  reconnectOnError?: boolean;
  /** Re-subscribe the desired channels after every reconnect (default true). */
  restoreSubscriptions?: boolean;
  /** Default deadline of every request, ms (default 30000). */
  requestTimeout?: number;
  /** Liveness probing (default `{ type: 'ping_pong', interval: 30000, timeout: 10000 }`). */
  heartbeat?: HeartbeatOptions | 'disabled';
  /** Round-trip samples kept for p50/p99 (default 100). */
  latencyBufferSize?: number;
  /** Makes the socket for each attempt. The `zen-websocket` package supplies one per runtime. */
  socketFactory?: SocketFactory;
  /** The wire dialect (default JSON-RPC 2.0, Deribit style). */
  protocol?: Protocol;
  /** Time source (tests pass a fake one). */
  clock?: Clock;
  /** Aborting it closes the client (and rejects `connect()` if still connecting). */
  signal?: AbortSignal;
  /**
   * Runs on every new connection before subscriptions are restored and before `connect()`/`reconnect()`
   * resolve: the place for authentication and session setup (venue adapters use it). Requests can be sent
   * from it. If it rejects, the connection is dropped and `classify` decides whether to retry (an `AuthError`
   * is fatal).
   */
  prepare?: (client: C) => Promise<void>;
  /** Called after every successful (re)connection, once subscriptions are being restored. */
  onConnect?: (client: C) => void;
  /** Called whenever an open connection ends, and on `close()`. */
  onDisconnect?: (client: C, info: DisconnectInfo) => void;
  /** Receives every inbound message, installed before the first byte arrives. */
  handler?: (message: HandlerMessage) => void;
  /** Uptime after which a connection counts as healthy and the retry counter resets, ms (default 5000). */
  healthyUptime?: number;
  /** Refines the retry/fatal decision for each failure. */
  classify?: Classifier;
  /**
   * Largest inbound message accepted (default 16 MiB); larger ones are a `frame_too_large` error. Enforced in
   * bytes at the socket where it can (Node `ws`); elsewhere the client checks bytes of binary messages and
   * UTF-16 characters of text ones.
   */
  maxMessageSize?: number;
  /** WebSocket sub-protocols to request. */
  subprotocols?: readonly string[];
  /** Telemetry bus (default the shared `telemetry`). */
  telemetry?: Telemetry;
  /** Page/network lifecycle signals (the browser build supplies them; see docs/runtimes.md). */
  lifecycle?: LifecycleSource;
  /** Random source for backoff jitter, returning [0, 1) (default Math.random). */
  random?: () => number;
}

/** Options after defaults and validation. */
/** Where to connect: a URL, or a function giving the URL for each attempt (e.g. one listing current streams). */
export type UrlSource = string | URL | (() => string | URL);

export interface ResolvedOptions<C = unknown> {
  /** The URL of the first attempt. */
  url: string;
  /** Called before every attempt when the URL was given as a function. */
  urlSource: (() => string | URL) | undefined;
  timeout: number;
  headers: Readonly<Record<string, string>>;
  log: ((line: string) => void) | undefined;
  retryCount: number;
  retryDelay: number;
  maxBackoff: number;
  reconnectOnError: boolean;
  restoreSubscriptions: boolean;
  requestTimeout: number;
  heartbeat: Required<Omit<HeartbeatOptions, 'message'>> & Pick<HeartbeatOptions, 'message'>;
  latencyBufferSize: number;
  socketFactory: SocketFactory;
  protocol: Protocol;
  clock: Clock;
  signal: AbortSignal | undefined;
  prepare: ((client: C) => Promise<void>) | undefined;
  onConnect: ((client: C) => void) | undefined;
  onDisconnect: ((client: C, info: DisconnectInfo) => void) | undefined;
  handler: ((message: HandlerMessage) => void) | undefined;
  healthyUptime: number;
  classify: Classifier | undefined;
  maxMessageSize: number;
  subprotocols: readonly string[];
  telemetry: Telemetry;
  lifecycle: LifecycleSource | undefined;
  random: () => number;
}

export const DEFAULTS = {
  timeout: 5000,
  retryCount: 3,
  retryDelay: 1000,
  maxBackoff: 30000,
  requestTimeout: 30000,
  latencyBufferSize: 100,
  healthyUptime: 5000,
  maxMessageSize: 16 * 1024 * 1024,
  heartbeatInterval: 30000,
  heartbeatTimeout: 10000,
} as const;

const KNOWN = new Set<string>([
  'timeout',
  'headers',
  'debug',
  'retryCount',
  'retryDelay',
  'maxBackoff',
  'reconnectOnError',
  'restoreSubscriptions',
  'requestTimeout',
  'heartbeat',
  'latencyBufferSize',
  'socketFactory',
  'protocol',
  'clock',
  'signal',
  'prepare',
  'onConnect',
  'onDisconnect',
  'handler',
  'healthyUptime',
  'classify',
  'maxMessageSize',
  'subprotocols',
  'telemetry',
  'lifecycle',
  'random',
]);
const HEARTBEAT_TYPES = new Set<string>(['ping_pong', 'deribit', 'binance', 'custom', 'disabled']);

/**
 * Validates `url` and `options` and fills in defaults. Throws a `TypeError` (wrong type, unknown key) or
 * `RangeError` (out of range) that names the option and says how to fix it. Touches no network.
 */
export function resolveOptions<C>(url: unknown, options: ConnectOptions<C> = {}): ResolvedOptions<C> {
  if (options === null || typeof options !== 'object')
    throw new TypeError('connect(url, options): options must be an object');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key))
      throw new TypeError(`Unknown option "${key}"${suggest(key)}. Valid options: ${[...KNOWN].join(', ')}`);
  }
  const o = options as Record<string, unknown>;
  const retryDelay = positive(o, 'retryDelay', DEFAULTS.retryDelay, 'Retry delay must be positive');
  const maxBackoff = positive(o, 'maxBackoff', DEFAULTS.maxBackoff, 'Max backoff must be positive');
  if (maxBackoff < retryDelay) {
    throw new RangeError(
      `Max backoff must be >= retry delay: options.maxBackoff (${maxBackoff}) is below options.retryDelay (${retryDelay}); raise maxBackoff or lower retryDelay`,
    );
  }
  if (options.socketFactory === undefined) {
    throw new TypeError(
      'options.socketFactory is required by @zen-websocket/core. Import connect from "zen-websocket" (it supplies the socket for your runtime) or pass socketFactory: (url) => new WebSocket(url)',
    );
  }
  assertSocketFactory(options.socketFactory);
  return {
    url: checkUrl(typeof url === 'function' ? url() : url),
    urlSource: typeof url === 'function' ? (url as () => string | URL) : undefined,
    timeout: positive(o, 'timeout', DEFAULTS.timeout, 'Timeout must be positive'),
    headers: checkHeaders(options.headers),
    log: logger(options.debug),
    retryCount: retryCount(o.retryCount),
    retryDelay,
    maxBackoff,
    reconnectOnError: bool(o, 'reconnectOnError', true),
    restoreSubscriptions: bool(o, 'restoreSubscriptions', true),
    requestTimeout: positive(o, 'requestTimeout', DEFAULTS.requestTimeout, 'Request timeout must be positive'),
    heartbeat: checkHeartbeat(options.heartbeat),
    latencyBufferSize: integer(
      o,
      'latencyBufferSize',
      DEFAULTS.latencyBufferSize,
      'Latency buffer size must be positive',
    ),
    socketFactory: options.socketFactory,
    protocol: checkProtocol(options.protocol),
    clock: checkClock(options.clock),
    signal: checkSignal(options.signal),
    prepare: fn(o, 'prepare') as ResolvedOptions<C>['prepare'],
    onConnect: fn(o, 'onConnect') as ResolvedOptions<C>['onConnect'],
    onDisconnect: fn(o, 'onDisconnect') as ResolvedOptions<C>['onDisconnect'],
    handler: fn(o, 'handler') as ResolvedOptions<C>['handler'],
    healthyUptime: positive(o, 'healthyUptime', DEFAULTS.healthyUptime, 'Healthy uptime must be positive'),
    classify: fn(o, 'classify') as Classifier | undefined,
    maxMessageSize: integer(o, 'maxMessageSize', DEFAULTS.maxMessageSize, 'Max message size must be positive'),
    subprotocols: checkSubprotocols(options.subprotocols),
    telemetry: options.telemetry ?? sharedTelemetry,
    lifecycle: fn(o, 'lifecycle') as LifecycleSource | undefined,
    random: (fn(o, 'random') as (() => number) | undefined) ?? Math.random,
  };
}

/** Validates a ws:// or wss:// URL and returns it normalised; throws a TypeError saying what is wrong. */
export function checkUrl(url: unknown): string {
  if (typeof url !== 'string' && !(url instanceof URL)) {
    throw new TypeError(`URL is required: connect(url) needs a ws:// or wss:// URL string, got ${typeof url}`);
  }
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new TypeError(`Invalid URL format: "${String(url)}" is not a URL; use e.g. wss://example.com/ws`);
  }
  if ((parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') || parsed.hostname === '') {
    throw new TypeError(`Invalid URL format: "${String(url)}" must use ws:// or wss:// and name a host`);
  }
  return parsed.href;
}

function positive(o: Record<string, unknown>, key: string, fallback: number, parity: string, path = 'options'): number {
  const v = o[key];
  const name = `${path}.${key}`;
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`${name} must be a number, got ${typeof v}`);
  if (!(v > 0) || !Number.isFinite(v)) {
    throw new RangeError(`${parity}: ${name} is ${v}; pass a finite number > 0 (default ${fallback})`);
  }
  return v;
}

function integer(o: Record<string, unknown>, key: string, fallback: number, parity: string): number {
  const v = positive(o, key, fallback, parity);
  if (!Number.isInteger(v)) throw new RangeError(`options.${key} must be a whole number, got ${v}`);
  return v;
}

function retryCount(v: unknown): number {
  if (v === undefined) return DEFAULTS.retryCount;
  if (typeof v !== 'number' || Number.isNaN(v))
    throw new TypeError(`options.retryCount must be a number (or Infinity), got ${typeof v}`);
  if (v < 0 || (!Number.isInteger(v) && v !== Number.POSITIVE_INFINITY)) {
    throw new RangeError(
      `Retry count must be non-negative: options.retryCount is ${v}; pass 0, a whole number, or Infinity (default 3)`,
    );
  }
  return v;
}

function bool(o: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new TypeError(`options.${key} must be true or false, got ${typeof v}`);
  return v;
}

function fn(o: Record<string, unknown>, key: string): ((...args: never[]) => unknown) | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'function') throw new TypeError(`options.${key} must be a function, got ${typeof v}`);
  return v as (...args: never[]) => unknown;
}

function checkHeaders(h: ConnectOptions['headers']): Readonly<Record<string, string>> {
  if (h === undefined) return {};
  const entries = Array.isArray(h) ? h : typeof h === 'object' && h !== null ? Object.entries(h) : undefined;
  if (!entries)
    throw new TypeError('options.headers must be an object { name: value } or a list of [name, value] pairs');
  const out: Record<string, string> = {};
  for (const pair of entries) {
    const [name, value] = pair as [unknown, unknown];
    if (typeof name !== 'string' || typeof value !== 'string') {
      throw new TypeError(`options.headers: every header name and value must be a string (check "${String(name)}")`);
    }
    out[name] = value;
  }
  return out;
}

function checkHeartbeat(h: ConnectOptions['heartbeat']): ResolvedOptions['heartbeat'] {
  const defaults = { interval: DEFAULTS.heartbeatInterval, timeout: DEFAULTS.heartbeatTimeout };
  if (h === undefined) return { type: 'ping_pong', ...defaults };
  if (h === 'disabled') return { type: 'disabled', ...defaults };
  if (h === null || typeof h !== 'object' || !HEARTBEAT_TYPES.has(h.type)) {
    throw new TypeError(
      `options.heartbeat.type must be one of ${[...HEARTBEAT_TYPES].join(', ')}, got ${JSON.stringify((h as { type?: unknown } | null)?.type)}`,
    );
  }
  const o = h as unknown as Record<string, unknown>;
  const interval = positive(
    o,
    'interval',
    defaults.interval,
    'Heartbeat interval must be positive',
    'options.heartbeat',
  );
  const timeout = positive(o, 'timeout', defaults.timeout, 'Heartbeat timeout must be positive', 'options.heartbeat');
  if (h.type === 'custom' && h.message === undefined) {
    throw new TypeError(
      'options.heartbeat.message is required for type "custom": the string, object or function to send each interval',
    );
  }
  return h.message === undefined
    ? { type: h.type, interval, timeout }
    : { type: h.type, interval, timeout, message: h.message };
}

function checkProtocol(p: Protocol | undefined): Protocol {
  if (p === undefined) return jsonRpc();
  for (const m of ['request', 'settle', 'subscribe', 'unsubscribe', 'confirmed', 'outboundSubscription'] as const) {
    if (typeof p[m] !== 'function')
      throw new TypeError(`options.protocol.${m} must be a function; build protocols with jsonRpc() or an adapter`);
  }
  return p;
}

function checkClock(c: Clock | undefined): Clock {
  if (c === undefined) return systemClock;
  if (typeof c.now !== 'function' || typeof c.setTimeout !== 'function' || typeof c.clearTimeout !== 'function') {
    throw new TypeError('options.clock must have now(), setTimeout(fn, ms) and clearTimeout(handle)');
  }
  return c;
}

function checkSignal(s: AbortSignal | undefined): AbortSignal | undefined {
  if (s !== undefined && (typeof s !== 'object' || typeof s.addEventListener !== 'function' || !('aborted' in s))) {
    throw new TypeError(
      'options.signal must be an AbortSignal (e.g. controller.signal); aborting it closes the client',
    );
  }
  return s;
}

function checkSubprotocols(p: readonly string[] | undefined): readonly string[] {
  if (p === undefined) return [];
  if (!Array.isArray(p) || p.some((x) => typeof x !== 'string'))
    throw new TypeError('options.subprotocols must be an array of strings');
  return p;
}

function logger(debug: ConnectOptions['debug']): ((line: string) => void) | undefined {
  if (debug === undefined || debug === false) return undefined;
  if (debug === true) return (line) => console.debug(`[zen-websocket] ${line}`);
  if (typeof debug === 'function') return debug;
  throw new TypeError('options.debug must be true, false, or a function (line: string) => void');
}

function suggest(key: string): string {
  const lower = key.toLowerCase().replace(/_/g, '');
  const hit = [...KNOWN].find((k) => k.toLowerCase() === lower);
  return hit ? ` (did you mean "${hit}"?)` : '';
}
