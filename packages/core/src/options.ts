import type { Classifier } from './classify.js';
import { type Clock, systemClock } from './clock.js';
import type { ZenError } from './errors.js';
import { jsonRpc, type Protocol } from './protocol.js';
import { assertSocketFactory, type SocketFactory } from './socket.js';
import { unknownOption } from './strict.js';
import { telemetry as sharedTelemetry, type Telemetry } from './telemetry.js';

/**
 * Heartbeat types; see `docs/architecture.md` for what each sends and listens for. `protocol` uses the
 * dialect's own probe and replies (`Protocol.heartbeat`: the Deribit adapter supplies `public/test`); `passive`
 * sends nothing and judges liveness by traffic alone. `deribit` and `binance` are their older names.
 */
export type HeartbeatType = 'ping_pong' | 'protocol' | 'passive' | 'custom' | 'disabled' | 'deribit' | 'binance';

/** The `heartbeat` option of `connect`: how dead connections are detected (see docs/state-machine.md). */
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

/**
 * A gate every outbound message passes (a rate limiter; see `createRateLimiter`). `take` returns `undefined`
 * when the message may go now (its cost already taken), or a promise that resolves when it may go and rejects
 * with a typed error when it never will (queue full, expired, limiter closed). It must release messages in
 * the order it received them. `owner` identifies the connection the message is for; when that connection
 * ends the client calls `withdraw(owner)` (if the gate has it) so the waiting messages leave the queue. A
 * message released after its connection ended is never written either way: the client refuses it
 * (`sent: false`).
 */
export interface OutboundGate {
  take(message: unknown, owner?: object): Promise<void> | undefined;
  withdraw?(owner: object): void;
}

/** One recorded frame, as the client hands it to a sink: raw, before any formatting or redaction. */
export interface RecordEntry {
  /** Wall-clock ms (`Date.now()`) when the client saw the frame. */
  ts: number;
  dir: 'in' | 'out';
  type: 'text' | 'binary' | 'close';
  /** Text, bytes, or for `close` the reason. */
  data: string | Uint8Array;
  /** Close code, for `close` entries. */
  code?: number;
}

/**
 * Where recorded frames go (see `@zen-websocket/recorder`). `record` must be synchronous and cheap (buffer, then
 * write in the background); a sink that throws is reported on `error` and dropped, never slowing the socket.
 */
export interface RecordSink {
  record(entry: RecordEntry): void;
  /** Writes what is buffered; called by `close()`. */
  flush?(): Promise<void> | void;
  /** Releases the sink; called by `close()` after `flush`. */
  close?(): Promise<void> | void;
}

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
  /**
   * The first retry after a healthy connection drops waits a random delay below this, ms (default 1000; 0 =
   * at once). Spreads a crowd of clients dropped by one server restart instead of reconnecting them all at once.
   */
  firstRetrySpread?: number;
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
  /** Every outbound message (requests, subscriptions, restores, heartbeats, ping frames) passes this gate. */
  limiter?: OutboundGate;
  /** Records every frame in and out (the `zen-websocket` package also takes a file path or IndexedDB name). */
  recordTo?: RecordSink;
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
  firstRetrySpread: number;
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
  limiter: OutboundGate | undefined;
  recordTo: RecordSink | undefined;
  random: () => number;
}

export const DEFAULTS = {
  timeout: 5000,
  retryCount: 3,
  retryDelay: 1000,
  maxBackoff: 30000,
  firstRetrySpread: 1000,
  requestTimeout: 30000,
  latencyBufferSize: 100,
  healthyUptime: 5000,
  maxMessageSize: 16 * 1024 * 1024,
  heartbeatInterval: 30000,
  heartbeatTimeout: 10000,
} as const;

/** How each option is checked, with its default. One table: adding an option is one line. */
type Kind =
  | 'gate'
  | 'sink'
  | 'ms'
  | 'ms0'
  | 'int'
  | 'count'
  | 'bool'
  | 'fn'
  | 'headers'
  | 'heartbeat'
  | 'protocol'
  | 'clock'
  | 'signal'
  | 'list'
  | 'debug'
  | 'any';
const SCHEMA: Record<string, [Kind, unknown?]> = {
  timeout: ['ms', DEFAULTS.timeout],
  headers: ['headers'],
  debug: ['debug'],
  retryCount: ['count', DEFAULTS.retryCount],
  retryDelay: ['ms', DEFAULTS.retryDelay],
  maxBackoff: ['ms', DEFAULTS.maxBackoff],
  firstRetrySpread: ['ms0', DEFAULTS.firstRetrySpread],
  reconnectOnError: ['bool', true],
  restoreSubscriptions: ['bool', true],
  requestTimeout: ['ms', DEFAULTS.requestTimeout],
  heartbeat: ['heartbeat'],
  latencyBufferSize: ['int', DEFAULTS.latencyBufferSize],
  socketFactory: ['any'],
  protocol: ['protocol'],
  clock: ['clock'],
  signal: ['signal'],
  prepare: ['fn'],
  onConnect: ['fn'],
  onDisconnect: ['fn'],
  handler: ['fn'],
  healthyUptime: ['ms', DEFAULTS.healthyUptime],
  classify: ['fn'],
  maxMessageSize: ['int', DEFAULTS.maxMessageSize],
  subprotocols: ['list'],
  telemetry: ['any'],
  lifecycle: ['fn'],
  limiter: ['gate'],
  recordTo: ['sink'],
  random: ['fn'],
};
const SCHEMA_ENTRIES = Object.entries(SCHEMA);
const SCHEMA_KEYS = Object.keys(SCHEMA);
/** The default dialect: stateless, so every client shares one, made on first use (never at import). */
let defaultProtocol: Protocol | undefined;
function sharedJsonRpc(): Protocol {
  if (!defaultProtocol) defaultProtocol = jsonRpc();
  return defaultProtocol;
}
const HEARTBEAT_TYPES = ['ping_pong', 'protocol', 'passive', 'custom', 'disabled', 'deribit', 'binance'];
const PROTOCOL_METHODS = ['request', 'settle', 'subscribe', 'unsubscribe', 'confirmed', 'outboundSubscription'];

/**
 * Validates `url` and `options` and fills in defaults. Throws a `TypeError` (wrong type, unknown key) or
 * `RangeError` (out of range) that names the option and says how to fix it. Touches no network.
 */
export function resolveOptions<C>(url: unknown, options: ConnectOptions<C> = {}): ResolvedOptions<C> {
  if (options === null || typeof options !== 'object')
    throw new TypeError('connect(url, options): options must be an object');
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!Object.hasOwn(SCHEMA, key))
      throw new TypeError(`${unknownOption(key, SCHEMA_KEYS)}. Valid options: ${SCHEMA_KEYS.join(', ')}`);
  }
  const r = {} as Record<string, unknown>;
  for (const [key, [kind, fallback]] of SCHEMA_ENTRIES) r[key] = check(kind, o[key], key, fallback);
  if ((r.maxBackoff as number) < (r.retryDelay as number)) {
    throw new RangeError(
      `Max backoff must be >= retry delay: options.maxBackoff (${r.maxBackoff}) is below options.retryDelay (${r.retryDelay}); raise maxBackoff or lower retryDelay`,
    );
  }
  if (o.socketFactory === undefined) {
    throw new TypeError(
      'options.socketFactory is required by @zen-websocket/core. Import connect from "zen-websocket" (it supplies the socket for your runtime) or pass socketFactory: (url) => new WebSocket(url)',
    );
  }
  assertSocketFactory(o.socketFactory);
  const hb = r.heartbeat as ResolvedOptions['heartbeat'];
  if ((hb.type === 'protocol' || hb.type === 'deribit') && !(r.protocol as Protocol).heartbeat)
    throw new TypeError(
      `options.heartbeat.type "${hb.type}" uses the protocol's own probe, and protocol "${(r.protocol as Protocol).name}" has none. ` +
        'Use a venue adapter (createDeribitClient from zen-websocket/deribit sets it up), or type "custom" with the message to send',
    );
  r.url = checkUrl(typeof url === 'function' ? url() : url);
  r.urlSource = typeof url === 'function' ? url : undefined;
  r.log = r.debug;
  r.telemetry ??= sharedTelemetry;
  r.random ??= Math.random;
  // A fresh literal copy: the object built key by key above is in V8's slow dictionary mode, and the client
  // reads it on every message (bench/README.md measured 0.03 µs per message and 1.4 KB per client).
  return { ...r } as unknown as ResolvedOptions<C>;
}

/** One option's value after checking, or its default. */
function check(kind: Kind, v: unknown, name: string, fallback: unknown): unknown {
  if (kind === 'heartbeat') return checkHeartbeat(v);
  if (kind === 'debug') return logger(v);
  if (v === undefined)
    return kind === 'headers'
      ? {}
      : kind === 'list'
        ? []
        : kind === 'protocol'
          ? sharedJsonRpc()
          : kind === 'clock'
            ? systemClock
            : fallback;
  switch (kind) {
    case 'ms':
    case 'ms0':
    case 'int':
    case 'count':
      return number(kind, v, name, fallback as number);
    case 'bool':
      return typeof v === 'boolean' ? v : fail(name, 'true or false', v);
    case 'fn':
      return typeof v === 'function' ? v : fail(name, 'a function', v);
    case 'headers':
      return checkHeaders(v);
    case 'list':
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : fail(name, 'an array of strings', v);
    case 'protocol':
      return shape(v, name, PROTOCOL_METHODS, 'build protocols with jsonRpc() or an adapter');
    case 'clock':
      return shape(v, name, ['now', 'setTimeout', 'clearTimeout'], 'e.g. { now, setTimeout, clearTimeout }');
    case 'gate':
      return shape(v, name, ['take'], 'e.g. createRateLimiter({ … })');
    case 'sink':
      return shape(v, name, ['record'], 'a recorder sink, e.g. memorySink()');
    case 'signal':
      return shape(v, name, ['addEventListener'], 'e.g. controller.signal; aborting it closes the client');
    default:
      return v;
  }
}

function number(kind: 'ms' | 'ms0' | 'int' | 'count', v: unknown, name: string, fallback: number): number {
  if (typeof v !== 'number' || Number.isNaN(v))
    return fail(name, kind === 'count' ? 'a number (or Infinity)' : 'a number', v);
  const label = `${name[0]?.toUpperCase()}${name
    .slice(1)
    .replace('.', ' ')
    .replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`;
  if (kind === 'count') {
    if (v >= 0 && (Number.isInteger(v) || v === Number.POSITIVE_INFINITY)) return v;
    throw new RangeError(
      `${label} must be non-negative: options.${name} is ${v}; use 0, a whole number or Infinity (default ${fallback})`,
    );
  }
  if (kind === 'ms0') {
    if (v >= 0 && Number.isFinite(v)) return v;
    throw new RangeError(
      `${label} must be non-negative: options.${name} is ${v}; use a finite number >= 0 (default ${fallback})`,
    );
  }
  if (!(v > 0) || !Number.isFinite(v))
    throw new RangeError(
      `${label} must be positive: options.${name} is ${v}; use a finite number > 0 (default ${fallback})`,
    );
  if (kind === 'int' && !Number.isInteger(v)) throw new RangeError(`options.${name} must be a whole number, got ${v}`);
  return v;
}

function fail(name: string, expected: string, v: unknown): never {
  throw new TypeError(`options.${name} must be ${expected}, got ${v === null ? 'null' : typeof v}`);
}

function shape(v: unknown, name: string, methods: string[], hint: string): unknown {
  const missing = methods.filter((m) => typeof (v as Record<string, unknown> | null)?.[m] !== 'function');
  if (missing.length > 0) throw new TypeError(`options.${name} lacks ${missing.join(', ')} (${hint})`);
  return v;
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

function checkHeaders(h: unknown): Readonly<Record<string, string>> {
  const entries = Array.isArray(h)
    ? h
    : typeof h === 'object' && h !== null
      ? Object.entries(h)
      : fail('headers', 'an object or [name, value] pairs', h);
  const out: Record<string, string> = {};
  for (const [name, value] of entries as Array<[unknown, unknown]>) {
    if (typeof name !== 'string' || typeof value !== 'string')
      throw new TypeError(`options.headers: every header name and value must be a string (check "${String(name)}")`);
    out[name] = value;
  }
  return out;
}

function checkHeartbeat(h: unknown): ResolvedOptions['heartbeat'] {
  const defaults = { interval: DEFAULTS.heartbeatInterval, timeout: DEFAULTS.heartbeatTimeout };
  if (h === undefined) return { type: 'ping_pong', ...defaults };
  if (h === 'disabled') return { type: 'disabled', ...defaults };
  const o = h as Record<string, unknown> | null;
  if (typeof o?.type !== 'string' || !HEARTBEAT_TYPES.includes(o.type)) {
    throw new TypeError(
      `options.heartbeat.type must be one of ${HEARTBEAT_TYPES.join(', ')}, got ${JSON.stringify(o?.type)}`,
    );
  }
  const type = o.type as HeartbeatType;
  const interval = check('ms', o.interval, 'heartbeat.interval', defaults.interval) as number;
  const timeout = check('ms', o.timeout, 'heartbeat.timeout', defaults.timeout) as number;
  if (type === 'custom' && o.message === undefined) {
    throw new TypeError(
      'options.heartbeat.message is required for type "custom": the string, object or function to send each interval',
    );
  }
  return o.message === undefined
    ? { type, interval, timeout }
    : { type, interval, timeout, message: o.message as NonNullable<HeartbeatOptions['message']> };
}

function logger(debug: unknown): ((line: string) => void) | undefined {
  if (debug === undefined || debug === false) return undefined;
  if (debug === true) return (line) => console.debug(`[zen-websocket] ${line}`);
  return typeof debug === 'function'
    ? (debug as (line: string) => void)
    : fail('debug', 'true, false or a function', debug);
}
