/** The message and suggested fix for every error code: what `explain()` returns (docs/errors.md has the long form). */

/**
 * `[message, suggestion]` for each code, in the order of `ERROR_CODES` (errors.ts): a list rather than an object
 * keyed by code so the code names are not carried twice; errors.test.ts checks every row against its code.
 * The first rows keep the original library's texts (parity).
 */
export const TEXTS: ReadonlyArray<readonly [message: string, suggestion: string]> = [
  // connection_refused
  ['Connection refused by server', 'Check that the server is running and verify the URL is correct'],
  // timeout
  ['Connection timed out', 'Check network connectivity or increase the timeout configuration'],
  // dns_failed
  ['DNS lookup failed - domain not found', 'Verify the hostname spelling is correct'],
  // tls_failed
  ['TLS/SSL handshake failed', 'Check certificate validity and TLS configuration'],
  // tls_mismatch
  [
    'TLS handshake failed: the server does not speak TLS on this port',
    'Use ws:// on this port, or the port that serves wss://',
  ],
  // host_unreachable
  ['Host unreachable', 'Check network connectivity to the target host'],
  // network_unreachable
  ['Network unreachable', 'Check your network connection or VPN status'],
  // connection_closed
  [
    'Connection closed unexpectedly',
    'Will auto-reconnect if reconnection is configured (reconnectOnError, retryCount)',
  ],
  // connection_error
  ['Connection error', 'Check server status and network connectivity'],
  // connection_failed
  ['Connection failed', 'Verify the URL and check network connectivity'],
  // heartbeat_timeout
  [
    'No traffic within the heartbeat deadline; dropped as dead',
    'It reconnects; on a quiet feed raise heartbeat.timeout or use a protocol probe',
  ],
  // handshake_rejected
  [
    'The server rejected the WebSocket upgrade',
    'Check the URL, auth headers and error.status (401/403/404 are not retried)',
  ],
  // invalid_frame
  ['Invalid WebSocket frame received', 'Server sent malformed data - this may indicate a server bug'],
  // frame_too_large
  ['Frame exceeds maximum size limit', 'Raise maxMessageSize if larger messages are expected'],
  // bad_frame
  ['Malformed frame received', 'Protocol error - check server implementation'],
  // unauthorized
  ['Authentication failed', 'Check your API credentials are valid and not expired'],
  // invalid_credentials
  ['Invalid credentials provided', 'Verify your API key and secret are correct'],
  // token_expired
  ['Authentication token has expired', 'Re-authenticate to obtain a fresh token'],
  // max_reconnection_attempts
  [
    'Gave up reconnecting after the configured number of attempts',
    'Call client.reconnect(), or raise retryCount (Infinity allowed); a failed connect() leaves no client',
  ],
  // not_connected
  ['Not connected; nothing was sent', 'Wait for state "connected" (client.on("state")) before sending'],
  // disconnected
  [
    'The connection was lost before the reply arrived',
    'If error.sent, the outcome is unknown: check with the server before re-sending',
  ],
  // request_timeout
  [
    'No reply within the request deadline',
    "Raise requestTimeout or the call's timeout; if error.sent, the server may have acted",
  ],
  // duplicate_request_id
  [
    'A request with this id is already in flight; nothing was sent',
    'Use unique ids, or let client.request() allocate them',
  ],
  // rpc_error
  ['The server answered with an error', 'See error.rpcCode, error.rpcMessage and error.data'],
  // aborted
  ['The operation was aborted', 'It was cancelled through its AbortSignal or by close()'],
  // closed
  ['The client is closed', 'Create a new client with connect()'],
  // handler_error
  ['A user event handler threw; the client carried on', 'Fix the handler; error.cause holds what it threw'],
  // record_sink_error
  [
    'The recording sink failed; recording stopped, the connection carried on',
    'Check the sink (disk, path, IndexedDB quota); see error.cause',
  ],
  // heartbeat_probe_error
  [
    'The heartbeat probe could not be built or sent; liveness is judged by traffic alone',
    'Fix heartbeat.message (it threw or cannot be encoded); see error.cause',
  ],
  // limiter_rejected
  [
    'The rate limiter refused a heartbeat probe or ping; nothing was sent',
    'Leave the limiter room for control traffic, or cost probes 0',
  ],
  // overflow
  ['A bounded buffer overflowed because its consumer was too slow', 'Consume faster, or raise the buffer size'],
  // no_connections
  [
    'The pool has no connected client to send through',
    'Start clients (pool.startClient), or check what clientDiscovery returns',
  ],
  // max_attempts_exceeded
  [
    'Every attempt to send through the pool failed',
    'error.cause is the last failure; raise maxAttempts or add healthy clients',
  ],
];
