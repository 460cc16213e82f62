import { nearestName } from '@zen-websocket/core/internal';

/**
 * Strict option checks for the Binance factories: an unknown key (a typo must never fall back to a production
 * URL) or a value of the wrong type throws a `TypeError` naming the option, the nearest valid name and the
 * factory's own valid options.
 */

/** Checks one value; returns what was expected when it is wrong. `undefined` values are never checked. */
export type Rule = (value: unknown, name: string, fn: string) => string | undefined;

/** A rule per key; nested objects are checked with {@link nested}. */
export type Rules = Readonly<Record<string, Rule>>;

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** Type rules shared by the factories. */
export const is = {
  string: ((v) => (typeof v === 'string' && v !== '' ? undefined : 'a non-empty string')) as Rule,
  boolean: ((v) => (typeof v === 'boolean' ? undefined : 'true or false')) as Rule,
  function: ((v) => (typeof v === 'function' ? undefined : 'a function')) as Rule,
  /** A finite number > 0. */
  positive: ((v) => (typeof v === 'number' && v > 0 && Number.isFinite(v) ? undefined : 'a finite number > 0')) as Rule,
  /** A whole number ≥ 1. */
  count: ((v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? undefined : 'a whole number ≥ 1')) as Rule,
  /** A whole number ≥ 0. */
  natural: ((v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : 'a whole number ≥ 0')) as Rule,
  url: ((v) => {
    const bad = 'a ws:// or wss:// URL string';
    if (typeof v !== 'string' && !(v instanceof URL)) return bad;
    try {
      const { protocol, hostname } = new URL(String(v));
      return (protocol === 'ws:' || protocol === 'wss:') && hostname !== '' ? undefined : bad;
    } catch {
      return bad;
    }
  }) as Rule,
  any: (() => undefined) as Rule,
};

/** Either of two rules (e.g. `false` or an object). */
export const either =
  (a: Rule, b: Rule): Rule =>
  (v, name, fn) => {
    const first = a(v, name, fn);
    const second = first && b(v, name, fn);
    return second && `${first} or ${second}`;
  };

/** One of the given literal values. */
export const oneOf =
  (...values: readonly unknown[]): Rule =>
  (v) =>
    values.includes(v) ? undefined : values.map((x) => JSON.stringify(x)).join(', ');

/** A nested options object checked key by key (its unknown keys are rejected too). */
export const nested =
  (rules: Rules): Rule =>
  (v, name, fn) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      return `an object with ${Object.keys(rules).join(', ')}`;
    checkOptions(fn, v, rules, name);
    return undefined;
  };

/**
 * Throws a `TypeError` for the first unknown key of `options` (with the nearest valid name) or the first value
 * that breaks its rule. `path` names the object in messages (`options`, `options.limit`…).
 *
 * @example
 * checkOptions('createBinanceStreams', { baseURL: 'ws://x' }, { baseUrl: is.url });
 * // TypeError: createBinanceStreams: unknown option "baseURL" (did you mean "baseUrl"?). Valid options: baseUrl
 */
export function checkOptions(fn: string, options: unknown, rules: Rules, path = 'options'): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new TypeError(`${fn}: ${path} must be an object, got ${kind(options)}`);
  const valid = Object.keys(rules);
  const prefix = path === 'options' ? '' : `${path.slice(8)}.`;
  for (const [key, value] of Object.entries(options)) {
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    const name = `${prefix}${key}`;
    if (!rule) {
      // core's nearest name among the full names (`limit.batchSize` → `limit.batch`, a long shared start)
      const near = nearestName(
        name,
        valid.map((v) => prefix + v),
      );
      throw new TypeError(
        `${fn}: unknown option "${name}"${near ? ` (did you mean "${near}"?)` : ''}. Valid ${prefix ? `keys of ${path}` : 'options'}: ${valid.join(', ')}`,
      );
    }
    if (value === undefined) continue;
    const expected = rule(value, `options.${name}`, fn);
    if (expected) throw new TypeError(`${fn}: options.${name} must be ${expected}, got ${describe(value)}`);
  }
}

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : kind(v);
}

/** Keys of core's `connect` options an adapter passes through (`connect: { … }`); core checks their values. */
export const PASS_THROUGH: Rules = Object.fromEntries(
  [
    'timeout',
    'headers',
    'debug',
    'retryCount',
    'retryDelay',
    'maxBackoff',
    'firstRetrySpread',
    'healthyUptime',
    'maxMessageSize',
    'telemetry',
    'random',
    'clock',
    'signal',
    'recordTo',
  ].map((key) => [key, is.any]),
);

const heartbeat = nested({ interval: is.positive, timeout: is.positive, probe: either(is.boolean, oneOf('auto')) });

/** The rules of `createBinanceStreams`. */
export const STREAMS_RULES: Rules = {
  baseUrl: is.url,
  raw: is.boolean,
  socketFactory: is.function,
  maxStreamsPerConnection: is.count,
  maxUrlLength: is.count,
  limit: nested({
    messages: is.count,
    reserve: is.natural,
    windowMs: is.positive,
    maxQueue: is.natural,
    batch: is.count,
  }),
  heartbeat,
  rotation: either(oneOf(false), nested({ after: is.positive, window: is.natural })),
  requestTimeout: is.positive,
  classify: is.function,
  connect: nested(PASS_THROUGH),
};

/** The rules of `createBinanceApi`. */
export const API_RULES: Rules = {
  url: is.url,
  socketFactory: is.function,
  apiKey: is.string,
  secretKey: is.string,
  privateKey: (v) =>
    typeof v === 'string' || v instanceof Uint8Array || (typeof v === 'object' && v !== null)
      ? undefined
      : 'a PKCS#8 PEM string, a 32-byte Uint8Array seed or a CryptoKey',
  logon: is.boolean,
  recvWindow: is.positive,
  syncTime: is.boolean,
  now: is.function,
  requestTimeout: is.positive,
  heartbeat,
  classify: is.function,
  connect: nested(PASS_THROUGH),
  // the engine checks the values of balances and streams when it loads (before connecting)
  paper: either(is.boolean, nested({ balances: is.any, streams: is.any, streamsUrl: is.url })),
};
