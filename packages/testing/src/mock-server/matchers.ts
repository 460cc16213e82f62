/**
 * The message matchers of `assertMessageSent` / `waitForMessage`. The rules are documented on
 * {@link MessageMatcher}.
 */
import type { InboundMessage, MessageMatcher } from './types.js';

type PartialObject = { readonly [key: string]: unknown };

/**
 * Throws a `TypeError` unless `matcher` is a string, RegExp, plain object or function.
 *
 * @example
 * checkMatcher(42); // TypeError
 */
export function checkMatcher(matcher: unknown): asserts matcher is MessageMatcher {
  if (typeof matcher === 'string' || typeof matcher === 'function' || matcher instanceof RegExp) return;
  if (isPlainObject(matcher)) return;
  throw new TypeError(
    `mock server: a message matcher must be a string, a RegExp, a plain object or a function, got ${typeName(matcher)}`,
  );
}

/**
 * Whether one captured message matches.
 *
 * @example
 * matches({ method: 'public/test' }, '{"jsonrpc":"2.0","id":1,"method":"public/test"}'); // true
 */
export function matches(matcher: MessageMatcher, message: InboundMessage): boolean {
  if (typeof matcher === 'function') return matchesPredicate(matcher, message);
  if (typeof message !== 'string') return false;
  if (typeof matcher === 'string') return matcher === message;
  if (matcher instanceof RegExp) return message.search(matcher) !== -1;
  const decoded = decodeJson(message);
  return isPlainObject(decoded) && containsPartially(decoded, matcher);
}

/**
 * A short printable form of a matcher for error texts.
 *
 * @example
 * describeMatcher(/pong/); // '/pong/'
 */
export function describeMatcher(matcher: MessageMatcher): string {
  if (typeof matcher === 'function') return `predicate ${matcher.name || '(anonymous)'}`;
  if (matcher instanceof RegExp) return String(matcher);
  return JSON.stringify(matcher) ?? String(matcher);
}

function matchesPredicate(predicate: (message: unknown) => unknown, message: InboundMessage): boolean {
  const argument = typeof message === 'string' ? decodeJson(message, message) : message;
  try {
    return Boolean(predicate(argument));
  } catch {
    return false;
  }
}

/** Partial deep equality: objects may have extra keys at any depth; arrays and primitives must be equal. */
function containsPartially(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => containsPartially(actual[i], item))
    );
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return false;
    return Object.keys(expected).every(
      (key) => Object.hasOwn(actual, key) && containsPartially(actual[key], expected[key]),
    );
  }
  return actual === expected;
}

function decodeJson(text: string, fallback?: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

function isPlainObject(value: unknown): value is PartialObject {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `an instance of ${value.constructor?.name ?? 'an unknown class'}` : typeof value;
}
