import { ConnectionError, type ErrorCode, type ZenError } from './errors.js';

/**
 * What to do after a connection fails or drops:
 * - `retry`: reconnect; the first retry after a healthy connection is immediate;
 * - `backoff`: reconnect, but always wait the backoff delay first (the server asked us to slow down);
 * - `fatal`: stop; the state becomes `disconnected` and `reconnect()` is needed.
 */
export type Decision = 'retry' | 'backoff' | 'fatal';

/** A user override: gets the error and the default decision, returns the one to apply. */
export type Classifier = (error: ZenError, decision: Decision) => Decision;

const RETRY_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'connection_refused',
  'timeout',
  'dns_failed',
  'tls_failed',
  'host_unreachable',
  'network_unreachable',
  'connection_error',
  'connection_failed',
  'heartbeat_timeout',
]);

/** Close codes after which reconnecting cannot help: the peer says our traffic itself is wrong. */
const FATAL_CLOSE = new Set([1002, 1003, 1007, 1009, 1010]);
/** Close codes meaning "overloaded / too many requests": reconnect, but never immediately. */
const BACKOFF_CLOSE = new Set([1008, 1013, 1014]);
/** Upgrade statuses that no retry will change. */
const FATAL_STATUS = new Set([400, 401, 403, 404, 405, 410, 426]);

/**
 * The one place that decides retry or fatal. Close codes: 1002/1003/1007/1009/1010 are fatal, 1008 (policy,
 * e.g. Binance "too many requests"), 1013 and 1014 back off, everything else (1000, 1001, 1006, 1011, 1012,
 * 4xxx…) retries. Rejected upgrades: 400/401/403/404/405/410/426 are fatal, 429 and 5xx back off. Network
 * failures retry; protocol and authentication errors are fatal. Adapters and users refine it with a
 * {@link Classifier}.
 *
 * @example
 * classify(new ConnectionError('connection_closed', 'closed', { closeCode: 1008 })) // 'backoff'
 */
export function classify(error: ZenError): Decision {
  if (RETRY_CODES.has(error.code)) return 'retry';
  if (error instanceof ConnectionError) {
    if (error.code === 'connection_closed') return closeDecision(error.closeCode);
    if (error.code === 'handshake_rejected') return statusDecision(error.status);
  }
  return 'fatal';
}

function closeDecision(code: number | undefined): Decision {
  if (code === undefined) return 'retry';
  if (FATAL_CLOSE.has(code)) return 'fatal';
  return BACKOFF_CLOSE.has(code) ? 'backoff' : 'retry';
}

function statusDecision(status: number | undefined): Decision {
  if (status === undefined) return 'retry';
  if (FATAL_STATUS.has(status)) return 'fatal';
  return status === 429 || status >= 500 ? 'backoff' : 'retry';
}
