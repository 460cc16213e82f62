/** The public shape of a client: what `connect()` resolves with, and its per-call options. */
import type { ClientEvents, Unsubscribe } from './events.js';
import type { HeartbeatHealth } from './heartbeat.js';
import type { MessageStreamOptions } from './iterator.js';
import type { LatencyStats } from './latency.js';
import type { JsonObject } from './protocol.js';
import type { SocketData } from './socket.js';
import type { ConnectionState } from './state.js';
import type { ChannelStatus } from './subscriptions.js';

/** Per-call options of `request()`. */
export interface RequestOptions {
  /** Deadline for this call, ms (default `requestTimeout`). */
  timeout?: number;
  /** Aborts the wait (the request may already be on the wire: `outcome: 'unknown'`). */
  signal?: AbortSignal;
}

/** `getStateMetrics()`. */
export interface StateMetrics {
  connectionState: ConnectionState;
  subscriptionsSize: number;
  pendingRequestsSize: number;
  activeHeartbeatsSize: number;
  heartbeatFailures: number;
  lastHeartbeatAt: number | null;
  heartbeatTimerActive: boolean;
  /** Consecutive failed attempts since the last healthy connection. */
  reconnectAttempts: number;
  /** Successful connections since the client was created (1 + reconnects). */
  connections: number;
  messagesIn: number;
  messagesOut: number;
  /** Milliseconds the current connection has been open, 0 when not connected. */
  uptimeMs: number;
}

/** A connected client. Created by `connect()`. */
export interface Client {
  /** The URL this client connects to. */
  readonly url: string;
  /**
   * Sends a string, an object (as JSON) or binary data. An object (or JSON text) with a non-null `id` is a
   * request: the promise resolves with the whole reply (error replies included). Otherwise it resolves
   * with `undefined` once written. Rejects with `not_connected` when not connected (nothing sent).
   */
  sendMessage(data: string | object | SocketData): Promise<JsonObject | undefined>;
  /** JSON-RPC request: resolves with `result`, rejects with an {@link RpcError} keeping `code`/`message`/`data`. */
  request<T = unknown>(method: string, params?: unknown, options?: RequestOptions): Promise<T>;
  /**
   * Adds channels to the desired subscriptions and resolves with them once the server confirms. They are
   * restored after every reconnect (when `restoreSubscriptions` is on).
   */
  subscribe(channels: string | readonly string[], options?: { timeout?: number }): Promise<string[]>;
  /** Removes channels from the desired subscriptions and tells the server when connected. */
  unsubscribe(channels: string | readonly string[]): Promise<void>;
  /** Desired channels and whether the server has confirmed each on the current connection. */
  getSubscriptions(): Array<{ channel: string; status: ChannelStatus }>;
  getState(): ConnectionState;
  /** Drops the current connection (if any) and connects again with a fresh retry budget. */
  reconnect(): Promise<void>;
  /** Closes for good: idempotent, always resolves, leaves no timer or socket behind. */
  close(): Promise<void>;
  on<K extends keyof ClientEvents>(type: K, handler: (payload: ClientEvents[K]) => void): Unsubscribe;
  /** Inbound messages as an async iterator (decoded JSON, raw text, or `Uint8Array`). */
  messages(options?: MessageStreamOptions): AsyncIterableIterator<unknown>;
  /** p50/p99/last/count of request round trips (ms), null before the first. */
  getLatencyStats(): LatencyStats | null;
  getHeartbeatHealth(): HeartbeatHealth;
  getStateMetrics(): StateMetrics;
  [Symbol.asyncDispose](): Promise<void>;
}

// `Symbol.asyncDispose` declared for the published types, exactly as TypeScript's `esnext.disposable` lib and
// @types/node declare it (the declarations merge), so a project type-checks our .d.ts files (skipLibCheck off)
// with neither of them, e.g. `lib: ["es2022", "dom"]` in a browser project.
declare global {
  interface SymbolConstructor {
    readonly asyncDispose: unique symbol;
  }
}
