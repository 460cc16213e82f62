/** Checks `connect()`'s URL and options and fills in the defaults (the types are in connect-options.ts). */
import { systemClock } from './clock.js';
import type { ConnectOptions, HeartbeatOptions, HeartbeatType, ResolvedOptions } from './connect-options.js';
import { jsonRpc, type Protocol } from './protocol.js';
import { assertSocketFactory } from './socket.js';
import { checkKeys, checkType, checkUrl } from './strict.js';
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
export { checkUrl } from './strict.js';

/** How each option is checked, with its default (ms where it is a time). One table: adding an option is one line. */
type Kind =
  | 'gate'
  | 'sink'
  | 'ms'
  | 'ms0'
  | 'int'
  | 'count'
  | 'boolean'
  | 'function'
  | 'headers'
  | 'heartbeat'
  | 'protocol'
  | 'clock'
  | 'signal'
  | 'list'
  | 'debug'
  | 'any';
const SCHEMA: Record<string, [Kind, unknown?]> = {
  timeout: ['ms', 5000],
  headers: ['headers', /* @__PURE__ */ Object.freeze({})],
  debug: ['debug'],
  retryCount: ['count', 3],
  retryDelay: ['ms', 1000],
  maxBackoff: ['ms', 30000],
  firstRetrySpread: ['ms0', 1000],
  reconnectOnError: ['boolean', true],
  restoreSubscriptions: ['boolean', true],
  requestTimeout: ['ms', 30000],
  heartbeat: ['heartbeat'],
  latencyBufferSize: ['int', 100],
  socketFactory: ['any'],
  protocol: ['protocol'],
  clock: ['clock', systemClock],
  signal: ['signal'],
  prepare: ['function'],
  onConnect: ['function'],
  onDisconnect: ['function'],
  handler: ['function'],
  healthyUptime: ['ms', 5000],
  classify: ['function'],
  maxMessageSize: ['int', 16 * 1024 * 1024],
  subprotocols: ['list', /* @__PURE__ */ Object.freeze([])],
  telemetry: ['any', sharedTelemetry],
  lifecycle: ['function'],
  limiter: ['gate'],
  recordTo: ['sink'],
  random: ['function', Math.random],
};
const WHERE = 'connect';
/** Every option `connect()` knows, in the schema's order (venue adapters pass through all but their own). */
export const SCHEMA_KEYS = Object.keys(SCHEMA);
const HEARTBEAT_TYPES = ['ping_pong', 'protocol', 'passive', 'custom', 'disabled', 'deribit', 'binance'];
/** Object-valued kinds: the methods the value must have, and a hint for the message (space-separated, then `|`). */
const SHAPES: Partial<Record<Kind, string>> = {
  protocol: 'request settle subscribe unsubscribe confirmed outboundSubscription|use jsonRpc() or an adapter',
  clock: 'now setTimeout clearTimeout|e.g. { now, setTimeout, clearTimeout }',
  gate: 'take|e.g. createRateLimiter()',
  sink: 'record|e.g. memorySink()',
  signal: 'addEventListener|an AbortSignal',
};

/**
 * Every option at its default, plus `url`, `urlSource` and `log`: made on first use (never at import), then the
 * prototype of every client's resolved options, which hold only the options given and the three above: no copy
 * of ~35 fields per client (bench/live-objects.mjs: a 256 B property array less per open connection). Made by a
 * copy of one literal-shaped object: fast mode (an object built key by key is a slow dictionary: bench/README.md).
 */
let atDefaults: Record<string, unknown> | undefined;
function resolvedDefaults(): Record<string, unknown> {
  if (!atDefaults) {
    const r: Record<string, unknown> = {};
    for (const key of SCHEMA_KEYS) r[key] = option(key, undefined);
    r.url = r.urlSource = r.log = undefined;
    atDefaults = { ...r };
  }
  return atDefaults;
}

/** The last URL string `resolveOptions` checked, and its normal form. */
let lastUrl: string | undefined;
let lastHref = '';

/** Option `key` (in the schema) checked, or its default. */
function option(key: string, v: unknown): unknown {
  const [kind, fallback] = SCHEMA[key] as [Kind, unknown?];
  return check(kind, fallback, v, key);
}

/**
 * Validates `url` and `options` and fills in defaults. Throws a `TypeError` (wrong type, unknown key) or
 * `RangeError` (out of range) that names the option and says how to fix it. Touches no network.
 */
export function resolveOptions<C>(url: unknown, options: ConnectOptions<C> = {}): ResolvedOptions<C> {
  checkKeys(WHERE, options, SCHEMA_KEYS);
  const o = options as Record<string, unknown>;
  const keys = Object.keys(o);
  // Only the options given are checked and kept: the rest are read from the shared defaults (the prototype).
  const r = Object.create(resolvedDefaults()) as Record<string, unknown>;
  for (const key of keys) if (o[key] !== undefined) r[key] = option(key, o[key]);
  if ((r.maxBackoff as number) < (r.retryDelay as number)) {
    throw new RangeError(
      `Max backoff must be >= retry delay: options.maxBackoff ${r.maxBackoff} < options.retryDelay ${r.retryDelay}; raise maxBackoff or lower retryDelay`,
    );
  }
  if (o.socketFactory === undefined) {
    throw new TypeError(
      `${WHERE}: options.socketFactory is required by @zen-websocket/core; import connect from "zen-websocket" (it picks the socket for your runtime)`,
    );
  }
  assertSocketFactory(o.socketFactory);
  const hb = r.heartbeat as ResolvedOptions['heartbeat'];
  const protocol = r.protocol as Protocol;
  if ((hb.type === 'protocol' || hb.type === 'deribit') && !protocol.heartbeat)
    throw new TypeError(
      `${WHERE}: options.heartbeat.type "${hb.type}" needs a probe; protocol "${protocol.name}" has none. ` +
        'Use createDeribitClient (zen-websocket/deribit), or type "custom" with a message',
    );
  const given = typeof url === 'function' ? url() : url;
  // the last string checked is remembered: clients of one venue parse their URL once (bench/setup-alloc.mjs)
  const href = given === lastUrl ? lastHref : checkUrl(given);
  if (typeof given === 'string') {
    lastUrl = given;
    lastHref = href;
  }
  r.url = href === url ? url : href; // the caller's string when it is already normal: not a copy per client
  r.urlSource = typeof url === 'function' ? url : undefined;
  r.log = r.debug;
  return r as unknown as ResolvedOptions<C>;
}

/** One option's value after checking, or its default. */
function check(kind: Kind, fallback: unknown, v: unknown, name: string): unknown {
  if (kind === 'heartbeat') return checkHeartbeat(v);
  if (kind === 'debug') return logger(v);
  // the protocol is made once: the defaults are resolved once and shared (stateless)
  if (v === undefined) return kind === 'protocol' ? jsonRpc() : fallback;
  if (kind === 'headers') return checkHeaders(v);
  if (kind === 'any') return v;
  const shape = SHAPES[kind];
  if (shape) {
    const [methods = '', hint] = shape.split('|');
    const missing = methods.split(' ').filter((m) => typeof (v as Record<string, unknown> | null)?.[m] !== 'function');
    if (missing.length > 0) throw new TypeError(`${WHERE}: options.${name} lacks ${missing.join(', ')} (${hint})`);
    return v;
  }
  if (kind === 'boolean' || kind === 'function') {
    checkType(WHERE, name, v, kind);
    return v;
  }
  return kind === 'list'
    ? Array.isArray(v) && v.every((x) => typeof x === 'string')
      ? v
      : fail(name, 'an array of strings', v)
    : number(kind, v, name, fallback);
}

/** A number option: `ms` (> 0, finite), `ms0` (>= 0, finite), `int` (> 0, whole), `count` (whole >= 0 or Infinity). */
function number(kind: Kind, given: unknown, name: string, fallback: unknown): number {
  checkType(WHERE, name, given, 'number');
  const v = given as number;
  const count = kind === 'count';
  const zero = count || kind === 'ms0';
  if (
    zero
      ? v >= 0 && (count ? Number.isInteger(v) || v === Number.POSITIVE_INFINITY : Number.isFinite(v))
      : v > 0 && Number.isFinite(v)
  ) {
    if (kind === 'int' && !Number.isInteger(v))
      throw new RangeError(`${WHERE}: options.${name} must be a whole number, got ${v}`);
    return v;
  }
  // `retryCount` → "Retry count", `heartbeat.interval` → "Heartbeat interval"
  const label =
    name[0]?.toUpperCase() + name.slice(1).replace(/[A-Z.]/g, (c) => ` ${c === '.' ? '' : c.toLowerCase()}`);
  throw new RangeError(
    `${label} must be ${zero ? 'non-negative' : 'positive'}: options.${name} is ${v}; use ${count ? 'a whole number or Infinity' : zero ? 'a finite number >= 0' : 'a finite number > 0'} (default ${fallback})`,
  );
}

function fail(name: string, expected: string, v: unknown): never {
  throw new TypeError(`${WHERE}: options.${name} must be ${expected}, got ${v === null ? 'null' : typeof v}`);
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
      throw new TypeError(`${WHERE}: options.headers: names and values must be strings (check "${String(name)}")`);
    out[name] = value;
  }
  return out;
}

// Defaults are shared by every client, frozen: an idle client carries no copy of them (bench/README.md: idle
// memory). The resolved defaults are made once, so each default object below is made once too.
const NO_HEARTBEAT: ResolvedOptions['heartbeat'] = /* @__PURE__ */ Object.freeze({
  type: 'disabled',
  interval: 30000,
  timeout: 10000,
});

function checkHeartbeat(h: unknown): ResolvedOptions['heartbeat'] {
  if (h === undefined) return Object.freeze({ ...NO_HEARTBEAT, type: 'ping_pong' });
  if (h === 'disabled') return NO_HEARTBEAT;
  const o = h as Record<string, unknown> | null;
  if (typeof o?.type !== 'string' || !HEARTBEAT_TYPES.includes(o.type)) {
    throw new TypeError(
      `${WHERE}: options.heartbeat.type must be one of ${HEARTBEAT_TYPES.join(', ')}, got ${JSON.stringify(o?.type)}`,
    );
  }
  const type = o.type as HeartbeatType;
  const interval = check('ms', NO_HEARTBEAT.interval, o.interval, 'heartbeat.interval') as number;
  const timeout = check('ms', NO_HEARTBEAT.timeout, o.timeout, 'heartbeat.timeout') as number;
  if (type === 'custom' && o.message === undefined) {
    throw new TypeError(
      `${WHERE}: options.heartbeat.message is required for type "custom" (what to send each interval)`,
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
