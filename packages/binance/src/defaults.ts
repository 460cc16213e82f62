import { type Classifier, ConnectionError, type SocketFactory } from '@zen-websocket/core';

/**
 * Core's decision, plus: HTTP 418 (IP banned) backs off like 429, and a setup request on a fresh connection
 * that timed out or was cut retries instead of giving up.
 */
export const binanceClassify: Classifier = (error, decision) =>
  error instanceof ConnectionError && error.status === 418
    ? 'backoff'
    : error.code === 'request_timeout' || error.code === 'disconnected'
      ? 'retry'
      : decision;

/** The runtime's `WebSocket` as a factory (Node 20 has none: pass `nodeSocketFactory` from `zen-websocket`). */
export function globalFactory(): SocketFactory {
  if (typeof WebSocket !== 'function') throw new TypeError('Pass socketFactory (no global WebSocket here)');
  return (url, init) => new WebSocket(url, [...init.protocols]) as never;
}
