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
  | 'overflow'
  // pools
  | 'no_connections'
  | 'max_attempts_exceeded';

export interface ZenErrorOptions {
  cause?: unknown;
}

/** Base class of every error the client produces. `code` is stable; `message` is for humans. */
export class ZenError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options: ZenErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
  }
  override get name(): string {
    return 'ZenError';
  }
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

/** The client is not connected, so nothing was sent. */
export class NotConnectedError extends ZenError {
  readonly state: string;
  readonly sent = false;
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

/** A JSON-RPC error reply. Keeps the server's `code`, `message` and `data`. */
export class RpcError extends ZenError {
  readonly rpcCode: number;
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

/** Whether `code` is one of ours. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(EXPLANATIONS, code);
}

/** Every error code, for docs and tests. */
export const ERROR_CODES = Object.keys(EXPLANATIONS) as ErrorCode[];

/**
 * A human explanation and a suggested fix for any error: a {@link ZenError}, a Node system error
 * (`ECONNREFUSED`…), a bare code string, or anything else (unknown fallback).
 *
 * @example
 * try { await connect(url) } catch (e) { const { message, suggestion } = explain(e); console.error(message, suggestion) }
 */
export function explain(error: unknown): { message: string; suggestion: string } {
  const raw = typeof error === 'string' ? error : (error as { code?: unknown } | null)?.code;
  const code = isErrorCode(raw) ? raw : codeFromSystem(raw);
  if (code) {
    const [message, suggestion] = EXPLANATIONS[code];
    const detail = detailOf(error);
    return { message: detail ? `${message}: ${detail}` : message, suggestion };
  }
  return { message: `Unknown error: ${describeValue(error)}`, suggestion: 'Check logs for more details' };
}

function detailOf(error: unknown): string | undefined {
  if (error instanceof ConnectionError) {
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
