/**
 * Every failure the client reports is a {@link ZenError} with a stable `code`. The table of codes, whether
 * each is retried, and what to do about it is in `docs/errors.md`; {@link explain} returns the same text.
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
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
  }
  override get name(): string {
    return 'ZenError';
  }
  /** Prototype check first; then the brand plus a class of the same name in the value's prototype chain. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is the class on the right of `instanceof` (a subclass too), not ZenError itself
    // biome-ignore lint/complexity/noThisInStatic: see above
    const cls = this;
    if (typeof value !== 'object' || value === null) return false;
    if (Function.prototype[Symbol.hasInstance].call(cls, value)) return true;
    if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
    const wanted = ownName(cls.prototype);
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
    super(code, message, 'cause' in details ? { cause: details.cause } : {});
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
    super(code, message, 'cause' in details ? { cause: details.cause } : {});
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

const EXPLANATIONS: Record<ErrorCode, readonly [message: string, suggestion: string]> = {
  connection_refused: [
    'Connection refused by server',
    'Check that the server is running and verify the URL is correct',
  ],
  timeout: ['Connection timed out', 'Check network connectivity or increase the timeout configuration'],
  dns_failed: ['DNS lookup failed - domain not found', 'Verify the hostname spelling is correct'],
  tls_failed: ['TLS/SSL handshake failed', 'Check certificate validity and TLS configuration'],
  tls_mismatch: [
    'TLS handshake failed: the server does not speak TLS on this port',
    'Use ws:// for this port, or the port where the server serves wss://',
  ],
  host_unreachable: ['Host unreachable', 'Check network connectivity to the target host'],
  network_unreachable: ['Network unreachable', 'Check your network connection or VPN status'],
  connection_closed: [
    'Connection closed unexpectedly',
    'Will auto-reconnect if reconnection is configured (reconnectOnError, retryCount)',
  ],
  connection_error: ['Connection error', 'Check server status and network connectivity'],
  connection_failed: ['Connection failed', 'Verify the URL and check network connectivity'],
  heartbeat_timeout: [
    'No traffic within the heartbeat deadline; the connection was presumed dead and dropped',
    'It reconnects by itself; on a quiet feed raise heartbeat.timeout or use a protocol probe',
  ],
  handshake_rejected: [
    'The server rejected the WebSocket upgrade',
    'Check the URL, the headers (auth) and error.status; 401/403/404 are not retried',
  ],
  invalid_frame: ['Invalid WebSocket frame received', 'Server sent malformed data - this may indicate a server bug'],
  frame_too_large: [
    'Frame exceeds maximum size limit',
    'Increase the maxMessageSize option if larger messages are expected',
  ],
  bad_frame: ['Malformed frame received', 'Protocol error - check server implementation'],
  unauthorized: ['Authentication failed', 'Check your API credentials are valid and not expired'],
  invalid_credentials: ['Invalid credentials provided', 'Verify your API key and secret are correct'],
  token_expired: ['Authentication token has expired', 'Re-authenticate to obtain a fresh token'],
  max_reconnection_attempts: [
    'Gave up reconnecting after the configured number of attempts',
    'Call client.reconnect() on a disconnected client, or raise retryCount (Infinity is allowed); connect() closes a client it could not connect',
  ],
  not_connected: [
    'Not connected; nothing was sent',
    'Wait for the "connected" state (client.on("state")) or check client.getState() before sending',
  ],
  disconnected: [
    'The connection was lost before the reply arrived',
    'If error.sent is true the outcome is unknown: query the server before re-sending (orders are never replayed)',
  ],
  request_timeout: [
    'No reply within the request deadline',
    'Raise requestTimeout or the per-call timeout; if error.sent is true the server may still have acted',
  ],
  duplicate_request_id: [
    'A request with this id is already in flight; nothing was sent',
    'Use unique ids, or let client.request() allocate them',
  ],
  rpc_error: ['The server answered with an error', 'See error.rpcCode, error.rpcMessage and error.data'],
  aborted: ['The operation was aborted', 'It was cancelled through its AbortSignal or by close()'],
  closed: ['The client is closed', 'Create a new client with connect()'],
  handler_error: [
    'A user event handler threw; the client carried on',
    'Fix the handler; error.cause holds what it threw',
  ],
  record_sink_error: [
    'The recording sink failed (record, flush or close); recording stopped, the connection carried on',
    'Check the sink (disk space, file path, IndexedDB quota); error.cause holds its error',
  ],
  heartbeat_probe_error: [
    'The heartbeat probe could not be built or sent; liveness is still judged by inbound traffic',
    'Fix heartbeat.message (a throwing function, or an object that cannot be encoded); error.cause holds why',
  ],
  limiter_rejected: [
    'The rate limiter refused a message the client sends on its own (heartbeat probe or ping); nothing was sent',
    'Give the limiter room for control traffic (capacity, queue), or exempt probes in its cost function',
  ],
  overflow: [
    'A bounded buffer overflowed because its consumer was too slow',
    'Consume faster, or raise the buffer size',
  ],
  no_connections: [
    'The pool has no connected client to send through',
    'Start clients with pool.startClient(), or check clientDiscovery returns live clients',
  ],
  max_attempts_exceeded: [
    'Every attempt to send through the pool failed',
    'See error.cause for the last failure; raise maxAttempts or add healthy clients',
  ],
};

/** Node/libuv error codes mapped to ours, so `explain()` also reads raw transport errors. */
const SYSTEM_CODES: Record<string, ErrorCode> = {
  ECONNREFUSED: 'connection_refused',
  ETIMEDOUT: 'timeout',
  ENOTFOUND: 'dns_failed',
  EAI_AGAIN: 'dns_failed',
  EHOSTUNREACH: 'host_unreachable',
  ENETUNREACH: 'network_unreachable',
  ECONNRESET: 'connection_closed',
  EPIPE: 'connection_closed',
};

/** Maps a Node-style system error code (`ECONNREFUSED`…) to ours, if known. */
export function codeFromSystem(code: unknown): ErrorCode | undefined {
  return typeof code === 'string' ? SYSTEM_CODES[code.toUpperCase()] : undefined;
}

/** OpenSSL's words for "the peer answered the TLS hello with something that is not TLS" (e.g. plain HTTP). */
const NOT_TLS = /wrong version number|packet length too long|unknown protocol|http request|record layer failure/i;
const TLS_WORDS = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|EPROTO/;

/**
 * Our code for a raw transport error (`{ code, message }` from Node, `ws` or a socket's error event): a system
 * code, a TLS failure, or `wss://` against a port that does not speak TLS (`tls_mismatch`).
 */
export function codeOfSystemError(code: unknown, message: unknown): ErrorCode | undefined {
  const c = typeof code === 'string' ? code.toUpperCase() : '';
  const m = typeof message === 'string' ? message : '';
  if ((c === 'EPROTO' || c.startsWith('ERR_SSL')) && NOT_TLS.test(m)) return 'tls_mismatch';
  return codeFromSystem(c) ?? (c && TLS_WORDS.test(c) ? 'tls_failed' : undefined);
}

/** Whether `code` is one of ours. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(EXPLANATIONS, code);
}

/** Every error code, for docs and tests. */
export const ERROR_CODES = Object.keys(EXPLANATIONS) as ErrorCode[];

/**
 * A human explanation and a suggested fix for any error: a {@link ZenError}, a Node system error
 * (`ECONNREFUSED`…), a bare code string, a `TypeError`/`RangeError` from an option check, or anything else. Never
 * less informative than the error's own message: an error we have no entry for keeps its message.
 *
 * @example
 * try { await connect(url) } catch (e) { const { message, suggestion } = explain(e); console.error(message, suggestion) }
 */
export function explain(error: unknown): { message: string; suggestion: string } {
  const e = error as { code?: unknown; message?: unknown } | null | undefined;
  const raw = typeof error === 'string' ? error : e?.code;
  const code = isErrorCode(raw) ? raw : codeOfSystemError(raw, e?.message);
  if (code) {
    const [message, suggestion] = EXPLANATIONS[code];
    const detail = detailOf(error) ?? ownMessage(error, message);
    return { message: detail ? `${message}: ${detail}` : message, suggestion };
  }
  if (error instanceof TypeError || error instanceof RangeError)
    return { message: error.message, suggestion: suggestionFrom(error.message) };
  if (error instanceof Error)
    return {
      message: `${error.name}: ${error.message}`,
      suggestion: 'Not an error zen-websocket raised; error.cause and the stack show where it came from',
    };
  return { message: `Unknown error: ${describeValue(error)}`, suggestion: 'Check logs for more details' };
}

/** An error's own message when it adds to the table's text (a ZenError's specific wording, a raw OS message). */
function ownMessage(error: unknown, tableText: string): string | undefined {
  const m = (error as { message?: unknown } | null)?.message;
  if (typeof m !== 'string' || m === '' || m === tableText) return undefined;
  return m;
}

/** A fix read out of an option check's own message ("did you mean …", "use …", "must be …"). */
function suggestionFrom(message: string): string {
  const mean = /did you mean [`"']([^`"']+)[`"']/i.exec(message);
  if (mean) return `Use "${mean[1]}" (check the spelling of the option)`;
  const use = /;\s*(use [^.]+|raise [^.]+|lower [^.]+|pass [^.]+)/i.exec(message);
  if (use?.[1]) return `${use[1][0]?.toUpperCase()}${use[1].slice(1)}`;
  const must = /(options\.[\w.]+|[\w.]+) must (be [^,;(]+)/.exec(message);
  if (must) return `Give ${must[1]} a value that is ${must[2]?.replace(/^be /, '').trim()}`;
  if (/URL/.test(message)) return 'Use a ws:// or wss:// URL, e.g. wss://example.com/ws';
  return 'A programming error: fix the call or option the message names';
}

function detailOf(error: unknown): string | undefined {
  if (error instanceof ConnectionError && (error.status !== undefined || error.closeCode !== undefined)) {
    if (error.status !== undefined) return `HTTP ${error.status}`;
    if (error.closeCode !== undefined)
      return `close code ${error.closeCode}${error.closeReason ? ` (${error.closeReason})` : ''}`;
  }
  if (error instanceof RpcError) return `${error.rpcMessage} (code ${error.rpcCode})`;
  return undefined;
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
