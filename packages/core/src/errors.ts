/**
 * Every failure the client reports is a {@link ZenError} with a stable `code`. The table of codes, whether
 * each is retried, and what to do about it is in `docs/errors.md`; `explain()` (explain.ts) returns the same
 * text. This file holds the codes and the classes; the texts are in error-texts.ts, OS codes in system-errors.ts.
 */

/** Stable error codes. Never renamed once released. */
export type ErrorCode =
  // connection class: retried when reconnectOnError is on
  | 'connection_refused'
  | 'timeout'
  | 'dns_failed'
  | 'tls_failed'
  | 'tls_mismatch'
  | 'host_unreachable'
  | 'network_unreachable'
  | 'connection_closed'
  | 'connection_error'
  | 'connection_failed'
  | 'heartbeat_timeout'
  | 'handshake_rejected'
  // protocol class
  | 'invalid_frame'
  | 'frame_too_large'
  | 'bad_frame'
  // authentication (venue adapters)
  | 'unauthorized'
  | 'invalid_credentials'
  | 'token_expired'
  // client lifecycle and requests
  | 'max_reconnection_attempts'
  | 'not_connected'
  | 'disconnected'
  | 'request_timeout'
  | 'duplicate_request_id'
  | 'rpc_error'
  | 'aborted'
  | 'closed'
  | 'handler_error'
  | 'record_sink_error'
  | 'heartbeat_probe_error'
  | 'limiter_rejected'
  | 'overflow'
  // pools
  | 'no_connections'
  | 'max_attempts_exceeded';

/** Every code, in the order above (tests keep it equal to the union; `explain()`'s texts follow this order). */
export const CODES: readonly ErrorCode[] = [
  'connection_refused',
  'timeout',
  'dns_failed',
  'tls_failed',
  'tls_mismatch',
  'host_unreachable',
  'network_unreachable',
  'connection_closed',
  'connection_error',
  'connection_failed',
  'heartbeat_timeout',
  'handshake_rejected',
  'invalid_frame',
  'frame_too_large',
  'bad_frame',
  'unauthorized',
  'invalid_credentials',
  'token_expired',
  'max_reconnection_attempts',
  'not_connected',
  'disconnected',
  'request_timeout',
  'duplicate_request_id',
  'rpc_error',
  'aborted',
  'closed',
  'handler_error',
  'record_sink_error',
  'heartbeat_probe_error',
  'limiter_rejected',
  'overflow',
  'no_connections',
  'max_attempts_exceeded',
];

/** Every error code, for docs and tests. */
export const ERROR_CODES: ErrorCode[] = /* @__PURE__ */ CODES.slice();

/** Whether `code` is one of ours. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return (CODES as readonly unknown[]).includes(code);
}

export interface ZenErrorOptions {
  cause?: unknown;
}

/**
 * The brand every {@link ZenError} carries (on its prototype), under a registry symbol: the ESM and CJS builds, or
 * two copies of the package, share it, so `instanceof` and {@link isZenError} work across them.
 */
const BRAND: unique symbol = Symbol.for('zen-websocket.error') as never;

/** What a request's failure says about the request: not sent, sent with unknown outcome, or refused by the server. */
export type RequestOutcome = 'unknown' | 'not_sent' | 'rejected';

/**
 * Base class of every error the client produces. `code` is stable; `message` is for humans. `instanceof` works
 * across the ESM and CJS builds (and duplicate installs): it also accepts errors carrying the brand of a class
 * with the same `name`.
 */
export class ZenError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options: ZenErrorOptions = {}) {
    // Error reads only `cause` from its options, and only when the key is there (`cause: undefined` is a cause)
    super(message, options);
    this.code = code;
  }
  override get name(): string {
    return 'ZenError';
  }
  /** Prototype check first; then the brand plus a class of the same name in the value's prototype chain. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is the class on the right of `instanceof` (a subclass too), not ZenError itself
    if (typeof value !== 'object' || value === null) return false;
    // biome-ignore lint/complexity/noThisInStatic: the class instanceof was called on, not ZenError
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
    // biome-ignore lint/complexity/noThisInStatic: as above
    const wanted = ownName(this.prototype);
    if (wanted === undefined) return false;
    for (let p: object | null = Object.getPrototypeOf(value); p; p = Object.getPrototypeOf(p))
      if (ownName(p) === wanted) return true;
    return false;
  }
}
Object.defineProperty(ZenError.prototype, BRAND, { value: true });

/** The class name a prototype declares through its own `name` getter (ours all do). */
function ownName(proto: object): string | undefined {
  const get = Object.getOwnPropertyDescriptor(proto, 'name')?.get;
  try {
    const name: unknown = get?.call(proto);
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `value` is an error from zen-websocket (any build, any copy of the package): safer than `instanceof`
 * when ESM and CJS code are mixed.
 *
 * @example
 * try { await client.request('private/buy', params) } catch (e) { if (isZenError(e) && e.code === 'rpc_error') … }
 */
export function isZenError(value: unknown): value is ZenError {
  return value instanceof ZenError && typeof (value as { code?: unknown }).code === 'string';
}

/** Opening or keeping the connection failed. `closeCode`/`closeReason` are set when the peer closed. */
export class ConnectionError extends ZenError {
  readonly closeCode: number | undefined;
  readonly closeReason: string | undefined;
  /** HTTP status of a rejected upgrade, where the runtime reports it. */
  readonly status: number | undefined;
  constructor(
    code: ErrorCode,
    message: string,
    details: { closeCode?: number; closeReason?: string; status?: number; cause?: unknown } = {},
  ) {
    super(code, message, details);
    this.closeCode = details.closeCode;
    this.closeReason = details.closeReason;
    this.status = details.status;
  }
  override get name(): string {
    return 'ConnectionError';
  }
}

/** The peer sent something the client cannot accept (malformed or oversized frames). */
export class ProtocolError extends ZenError {
  override get name(): string {
    return 'ProtocolError';
  }
}

/** Credentials were refused or expired (raised by venue adapters). */
export class AuthError extends ZenError {
  override get name(): string {
    return 'AuthError';
  }
}

/** The client is not connected, so nothing was sent (`sent: false`, `outcome: 'not_sent'`). */
export class NotConnectedError extends ZenError {
  readonly state: string;
  readonly sent = false;
  readonly outcome = 'not_sent';
  constructor(state: string, message = `Not connected (state: ${state}); nothing was sent`) {
    super('not_connected', message);
    this.state = state;
  }
  override get name(): string {
    return 'NotConnectedError';
  }
}

/**
 * A request did not get its reply. `sent` says whether it reached the socket: when it did, the server may have
 * acted on it (`outcome: 'unknown'`) — check before retrying anything that moves money. Never replayed.
 */
export class RequestError extends ZenError {
  readonly sent: boolean;
  readonly outcome: 'unknown' | 'not_sent';
  readonly id: unknown;
  constructor(code: ErrorCode, message: string, details: { sent: boolean; id?: unknown; cause?: unknown }) {
    super(code, message, details);
    this.sent = details.sent;
    this.outcome = details.sent ? 'unknown' : 'not_sent';
    this.id = details.id;
  }
  override get name(): string {
    return 'RequestError';
  }
}

/**
 * A JSON-RPC error reply. `code` is our string code (`'rpc_error'`); the server's JSON-RPC number is `rpcCode`,
 * its message `rpcMessage`, its details `data`. The server answered, so `sent` is true and `outcome` is
 * `'rejected'`.
 */
export class RpcError extends ZenError {
  /** The JSON-RPC error number from the reply (e.g. -32602, or a venue's own code such as 10009). */
  readonly rpcCode: number;
  readonly sent = true;
  readonly outcome = 'rejected';
  readonly data: unknown;
  readonly method: string | undefined;
  constructor(rpcCode: number, message: string, data?: unknown, method?: string) {
    super('rpc_error', method ? `${method} failed: ${message} (code ${rpcCode})` : `${message} (code ${rpcCode})`);
    this.rpcCode = rpcCode;
    this.data = data;
    this.method = method;
    /** The server's own message, without our prefix. */
    this.rpcMessage = message;
  }
  readonly rpcMessage: string;
  override get name(): string {
    return 'RpcError';
  }
}

/** Every retry failed. `cause` is the last attempt's error; `retries` how many retries were made. */
export class RetriesExhaustedError extends ZenError {
  readonly retries: number;
  constructor(retries: number, cause: unknown) {
    const last = cause instanceof Error ? `; last error: ${cause.message}` : '';
    super('max_reconnection_attempts', `Gave up after ${retries} ${retries === 1 ? 'retry' : 'retries'}${last}`, {
      cause,
    });
    this.retries = retries;
  }
  override get name(): string {
    return 'RetriesExhaustedError';
  }
}

/** The operation was aborted through its `AbortSignal`, or the client was closed. */
export class AbortError extends ZenError {
  override get name(): string {
    return 'AbortError';
  }
}

/**
 * A short description of any thrown or received value, for messages. Never throws, whatever it is given
 * (null-prototype objects, BigInts, cycles, a throwing toString).
 */
export function describeValue(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  for (const attempt of [() => JSON.stringify(value), () => String(value)]) {
    try {
      const text = attempt();
      if (typeof text === 'string') return text;
    } catch {
      // try the next way
    }
  }
  return Object.prototype.toString.call(value);
}

export { codeFromSystem, codeOfSystemError } from './system-errors.js';
