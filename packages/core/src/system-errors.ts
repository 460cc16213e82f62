/** Raw transport errors (Node/libuv codes, OpenSSL messages) read as our error codes. */
import type { ErrorCode } from './errors.js';

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
