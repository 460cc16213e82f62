/** Checks `connect()`'s URL and options and fills in the defaults (the types are in connect-options.ts). */
import { systemClock } from './clock.js';
import type { ConnectOptions, HeartbeatOptions, HeartbeatType, ResolvedOptions } from './connect-options.js';
import { jsonRpc, type Protocol } from './protocol.js';
import { assertSocketFactory } from './socket.js';
import { unknownOption } from './strict.js';
import { telemetry as sharedTelemetry } from './telemetry.js';

export type {
  ConnectOptions,
  DisconnectInfo,
  HandlerMessage,
  HeartbeatOptions,
  HeartbeatType,
  LifecycleSignal,
  LifecycleSource,
  OutboundGate,
  RecordEntry,
  RecordSink,
  ResolvedOptions,
  UrlSource,
} from './connect-options.js';

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
      `Max backoff must be >= retry delay: options.maxBackoff ${r.maxBackoff} < options.retryDelay ${r.retryDelay}; raise maxBackoff or lower retryDelay`,
    );
  }
  if (o.socketFactory === undefined) {
    throw new TypeError(
      'options.socketFactory is required by @zen-websocket/core; import connect from "zen-websocket" (it picks the socket for your runtime)',
    );
  }
  assertSocketFactory(o.socketFactory);
  const hb = r.heartbeat as ResolvedOptions['heartbeat'];
  if ((hb.type === 'protocol' || hb.type === 'deribit') && !(r.protocol as Protocol).heartbeat)
    throw new TypeError(
      `options.heartbeat.type "${hb.type}" needs a probe; protocol "${(r.protocol as Protocol).name}" has none. ` +
        'Use createDeribitClient (zen-websocket/deribit), or type "custom" with a message',
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
      ? NO_HEADERS
      : kind === 'list'
        ? NO_LIST
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
      return shape(v, name, PROTOCOL_METHODS, 'use jsonRpc() or an adapter');
    case 'clock':
      return shape(v, name, ['now', 'setTimeout', 'clearTimeout'], 'e.g. { now, setTimeout, clearTimeout }');
    case 'gate':
      return shape(v, name, ['take'], 'e.g. createRateLimiter()');
    case 'sink':
      return shape(v, name, ['record'], 'e.g. memorySink()');
    case 'signal':
      return shape(v, name, ['addEventListener'], 'an AbortSignal');
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
      `${label} must be non-negative: options.${name} is ${v}; use a whole number or Infinity (default ${fallback})`,
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
    throw new TypeError(`URL is required: a ws:// or wss:// URL string, got ${typeof url}`);
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
      throw new TypeError(`options.headers: names and values must be strings (check "${String(name)}")`);
    out[name] = value;
  }
  return out;
}

// Defaults shared by every client, frozen: an idle client carries no copy of them (bench/README.md: idle memory).
const NO_HEADERS: Readonly<Record<string, string>> = /* @__PURE__ */ Object.freeze({});
const NO_LIST: readonly string[] = /* @__PURE__ */ Object.freeze([]);
const PING_PONG: ResolvedOptions['heartbeat'] = /* @__PURE__ */ Object.freeze({
  type: 'ping_pong',
  interval: DEFAULTS.heartbeatInterval,
  timeout: DEFAULTS.heartbeatTimeout,
});
const NO_HEARTBEAT: ResolvedOptions['heartbeat'] = /* @__PURE__ */ Object.freeze({
  type: 'disabled',
  interval: DEFAULTS.heartbeatInterval,
  timeout: DEFAULTS.heartbeatTimeout,
});

function checkHeartbeat(h: unknown): ResolvedOptions['heartbeat'] {
  const defaults = { interval: DEFAULTS.heartbeatInterval, timeout: DEFAULTS.heartbeatTimeout };
  if (h === undefined) return PING_PONG;
  if (h === 'disabled') return NO_HEARTBEAT;
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
    throw new TypeError('options.heartbeat.message is required for type "custom" (what to send each interval)');
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
