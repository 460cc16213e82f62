/** Raw transport errors (Node/libuv codes, OpenSSL messages) read as our error codes. */
import { ConnectionError, type ErrorCode, ProtocolError, type ZenError } from './errors.js';

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

/**
 * The typed error for a raw transport error that says more than "failed" (`raw`: what the socket's error event
 * carried; `code` and `message`: its error's): an upgrade answered with an HTTP status, a `ws` frame error, a
 * system code or a TLS failure. `undefined` for anything else (the caller's `connection_failed`).
 */
export function systemError(raw: unknown, code: string, message: string): ZenError | undefined {
  const status = /Unexpected server response: (\d{3})/.exec(message);
  if (status) {
    return new ConnectionError('handshake_rejected', `Server rejected the WebSocket upgrade with HTTP ${status[1]}`, {
      status: Number(status[1]),
      cause: raw,
    });
  }
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
    return new ProtocolError('frame_too_large', 'Inbound message exceeds maxMessageSize', { cause: raw });
  }
  if (code.startsWith('WS_ERR_'))
    return new ProtocolError('invalid_frame', `Invalid frame: ${message}`, { cause: raw });
  const mapped = codeOfSystemError(code, message);
  if (mapped === 'tls_mismatch')
    return new ConnectionError(mapped, `The server does not speak TLS on this port (${message}); use ws://`, {
      cause: raw,
    });
  if (mapped === 'tls_failed')
    return new ConnectionError(mapped, `TLS handshake failed: ${message || code}`, { cause: raw });
  if (mapped) return new ConnectionError(mapped, `${message || code}`, { cause: raw });
  return undefined;
}
