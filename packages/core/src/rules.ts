/**
 * Option rules as data, for the venue adapters' factories: an unknown key (a typo must never fall back to a
 * production URL) or a value of the wrong type throws a `TypeError` naming the option, the nearest valid name
 * and the factory's own valid options. In core so that every adapter (and every script-tag add-on, which takes
 * it from the core script) shares one checker.
 */
import { checkKeys, wsHref } from './strict.js';

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** Checks one value; returns what was expected when it is wrong. */
export type Check = (value: unknown) => string | undefined;

/**
 * What one key takes: a check, the rules of a nested object (its keys checked the same way, unknown ones
 * refused), or a list of rules any one of which will do (`[literal(false), { after: is.positive }]`).
 * `undefined` values are never checked.
 */
export type Rule = Check | Rules | readonly Rule[];

/** A rule per key. */
export interface Rules {
  readonly [key: string]: Rule;
}

/** `typeof value` is `type`, else `expected`. */
const type =
  (type: string, expected: string): Check =>
  (v) =>
    typeof v === type ? undefined : expected;

/** A whole number ≥ `min` (`Number.isInteger` is false for anything but a number). */
const whole =
  (min: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min ? undefined : `a whole number ≥ ${min}`;

/** Type rules shared by the factories (pure: a bundle that checks no options drops them). */
export const is = {
  string: ((v) => (typeof v === 'string' && v !== '' ? undefined : 'a non-empty string')) as Check,
  boolean: /* @__PURE__ */ type('boolean', 'true or false'),
  function: /* @__PURE__ */ type('function', 'a function'),
  /** A finite number > 0. */
  positive: ((v) => (Number.isFinite(v) && (v as number) > 0 ? undefined : 'a finite number > 0')) as Check,
  /** A whole number ≥ 1. */
  count: /* @__PURE__ */ whole(1),
  /** A whole number ≥ 0. */
  natural: /* @__PURE__ */ whole(0),
  /** A string or `URL` of the ws: or wss: scheme with a host. */
  url: ((v) => (wsHref(v) ? undefined : 'a ws:// or wss:// URL string')) as Check,
  any: (() => undefined) as Check,
};

/** Exactly this value (`false`, `'auto'`). */
export const literal =
  (value: unknown): Check =>
  (v) =>
    v === value ? undefined : JSON.stringify(value);

/** What `value` breaks of `rule` (`undefined`: nothing); a nested object's own keys are checked (and thrown on) here. */
function broken(rule: Rule, value: unknown, fn: string, name: string): string | undefined {
  if (typeof rule === 'function') return rule(value);
  if (Array.isArray(rule)) {
    // any one will do: what each expected, unless one is met
    const expected = (rule as readonly Rule[]).map((one) => broken(one, value, fn, name));
    return expected.every(Boolean) ? expected.join(' or ') : undefined;
  }
  if (kind(value) !== 'object') return `an object with ${Object.keys(rule).join(', ')}`;
  checkOptions(fn, value, rule as Rules, name);
  return undefined;
}

/**
 * Throws a `TypeError` for the first unknown key of `options` (core's `checkKeys`: the nearest valid name, the
 * valid options) or the first value that breaks its rule. `name` is a nested object's option (`limit`…), whose
 * keys are named in full (`limit.batch`); '' for the options.
 *
 * @example
 * checkOptions('createVenueStreams', { baseURL: 'ws://x' }, { baseUrl: is.url });
 * // TypeError: createVenueStreams: unknown option "baseURL" (did you mean "baseUrl"?). Valid options: baseUrl
 */
export function checkOptions(fn: string, options: unknown, rules: Rules, name = ''): void {
  const full = (key: string) => (name ? `${name}.${key}` : key);
  // a nested object's keys in full, for the message and the nearest name (`limit.batchSize` → `limit.batch`)
  const keys = name ? Object.fromEntries(Object.keys(options as object).map((key) => [full(key)])) : options;
  checkKeys(fn, keys, Object.keys(rules).map(full));
  for (const [key, value] of Object.entries(options as object)) {
    const expected = value === undefined ? undefined : broken(rules[key] as Rule, value, fn, full(key));
    if (expected) throw new TypeError(`${fn}: options.${full(key)} must be ${expected}, got ${describe(value)}`);
  }
}

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : kind(v);
}
