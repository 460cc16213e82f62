/** Public types of the client side (connectVia in via.ts). */
import type { ConnectionState, StateChange, Telemetry, Unsubscribe, ZenError } from '@zen-websocket/core';
import type { LocalBook } from '@zen-websocket/core/book';
import type { NatsTelemetryEvents } from './telemetry.js';
import type { ViaBookOptions } from './via-book.js';

/** Options of {@link connectVia}. Unknown keys are refused with a TypeError. */
export interface ViaOptions {
  /** The venue's stream (default `ZEN_<VENUE>`, as the gateways use). */
  streamName?: string;
  /** Default request timeout, ms (default 10 000). */
  timeout?: number;
  /** This client's id in the shared channel set (default a random id). */
  name?: string;
  /** Telemetry bus (default {@link natsTelemetry}). */
  telemetry?: Telemetry<NatsTelemetryEvents>;
}

/** Every option name of {@link connectVia}. */
export const VIA_OPTIONS = ['streamName', 'timeout', 'name', 'telemetry'] as const;

/** One channel message as emitted on `message`. */
export interface ViaMessage {
  channel: string;
  data: unknown;
  /** The message's stream sequence. */
  seq: number;
  /** The venue's own message type when it has one (Bybit `snapshot`/`delta`). */
  type: string | undefined;
}

/** A replay that filled a gap after a reconnect or partition (also telemetry `nats.replay`). */
export interface ReplayInfo {
  channel: string;
  /** First and last stream sequence replayed. */
  from: number;
  to: number;
  /** Messages replayed. */
  count: number;
}

/** Events of a {@link ViaClient}. */
export type ViaEvents = {
  /** Every channel message, in stream order per channel. */
  message: ViaMessage;
  /** The NATS connection's state, in the venue clients' terms. */
  state: StateChange;
  /** A channel caught up after missing messages (reconnect, partition, server restart). */
  replay: ReplayInfo;
  /** A local order book found a break in the venue's sequence (it resyncs by itself). */
  gap: { channel: string; reason: string; expected: number; received: number };
  /** Failures no promise carries (a consumer that could not restart, a throwing handler). */
  error: ZenError;
};

/** Per-call options of {@link ViaClient.request}. */
export interface ViaRequestOptions {
  /** Timeout, ms (default the client's `timeout`). After it the outcome is unknown: the request may have run. */
  timeout?: number;
  /**
   * Idempotency id (default a random one). A gateway executes one id once; send the same id again (e.g. your
   * client order id) and you get the first answer instead of a second execution.
   */
  id?: string;
}

/** A channel handler: the message's data and its channel. */
// biome-ignore lint/suspicious/noExplicitAny: data is venue- and channel-specific
export type ViaHandler = (data: any, channel: string) => void;

/** A venue client that goes through gateways, from {@link connectVia}. */
export interface ViaClient {
  readonly venue: string;
  /** This client's id (its name in the shared channel set). */
  readonly name: string;
  /**
   * Starts reading `channels` from the venue stream (from now on) and asks the gateways to keep them subscribed
   * at the venue. `handler` gets each message's data and channel. Resolves with the channels.
   */
  subscribe(channels: string | readonly string[], handler?: ViaHandler): Promise<string[]>;
  /** Stops reading `channels` and withdraws this client's demand for them. */
  unsubscribe(channels: string | readonly string[]): Promise<void>;
  /**
   * Sends a venue request through the owning gateway and resolves with its result. Failures are typed:
   * `RpcError` (the venue refused; `outcome: 'rejected'`), `RequestError` with `sent: false` (no gateway owns
   * the venue, or it was refused before reaching the venue: safe to retry) or `sent: true, outcome: 'unknown'`
   * (timeout: it may have run; never retried here).
   */
  request<T = unknown>(method: string, params?: Record<string, unknown>, options?: ViaRequestOptions): Promise<T>;
  /** A local order book fed by the stream, synced from a snapshot requested through the gateway. */
  orderBook(instrument: string, options?: ViaBookOptions): LocalBook;
  on<K extends keyof ViaEvents>(type: K, handler: (payload: ViaEvents[K]) => void): Unsubscribe;
  /** `connected`, `reconnecting` (NATS is reconnecting), `closed`. */
  getState(): ConnectionState;
  /** The last stream sequence delivered per channel. */
  positions(): Record<string, number>;
  /** Stops every consumer and book and withdraws this client's demand. Leaves the NATS connection open. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
