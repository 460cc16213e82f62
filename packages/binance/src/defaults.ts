import { type Classifier, ConnectionError, type ConnectOptions } from '@zen-websocket/core';
import type { PassThroughOptions } from './types.js';

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

/** What the default-socket error suggests where the runtime has no global `WebSocket` (Node 20). */
export const STREAMS_IMPORT = "import { createBinanceStreams } from 'zen-websocket/binance'";
/** The same for the WebSocket API. */
export const API_IMPORT = "import { createBinanceApi } from 'zen-websocket/binance'";

/** `o` without its `undefined` values (core reads a present key as set). */
export function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}

/** The pass-through `connect` options without their `undefined` values. */
export const passThrough = defined as <C>(options: PassThroughOptions) => ConnectOptions<C>;
