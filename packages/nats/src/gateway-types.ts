/** Public and wire types of the gateway (startGateway in gateway.ts). */
import type { NatsConnection } from '@nats-io/nats-core';
import type { Telemetry, Unsubscribe, ZenError } from '@zen-websocket/core';
import { checkKeys, checkType } from '@zen-websocket/core/internal';
import { checkConnection, checkNumber } from './shared.js';
import { checkVenue, encodeChannel } from './subjects.js';
import type { NatsTelemetryEvents } from './telemetry.js';

/**
 * What a gateway needs from a venue client: `createDeribitClient`, `createBybitClient` and `createBinanceStreams`
 * (data only; no `request`) all fit. `getState` (when present) must be `'connected'` for the lease to be renewed.
 */
export interface VenueConnection {
  /** Subscribes channels; `handler` gets each message's data and the channel (or the venue's message envelope). */
  // biome-ignore lint/suspicious/noExplicitAny: venue clients type their handlers per channel
  subscribe(channels: readonly string[], handler: (data: any, meta: any) => void): Promise<unknown>;
  unsubscribe?(channels: readonly string[]): Promise<unknown>;
  /** Sends a request (JSON-RPC method or API method) and resolves with its result. */
  // biome-ignore lint/suspicious/noExplicitAny: venue clients type params per method
  request?(method: string, params?: any, options?: { timeout?: number }): Promise<unknown>;
  getState?(): string;
  // biome-ignore lint/suspicious/noExplicitAny: venue clients type their events
  on?(type: 'state', handler: (change: any) => void): () => void;
  close(): Promise<unknown>;
}

/** Options of {@link startGateway}. Unknown keys are refused with a TypeError. */
export interface GatewayOptions {
  /** A NATS connection (the gateway never dials by itself). */
  nats: NatsConnection;
  /** The venue id used in subjects, stream and lease names: `'deribit'`, `'binance'`, `'bybit'` or your own. */
  venue: string;
  /** Opens the venue connection; called only while this gateway owns the lease (again after each takeover). */
  connect: () => Promise<VenueConnection>;
  /** Channels always wanted, whether or not a consumer asked (added to the shared channel set at start). */
  channels?: readonly string[];
  /** This gateway's name in the lease (default a random id). Names must differ between live gateways. */
  name?: string;
  /** Lease time to live, ms (default 5000, at least 300): renewed every third of it while the venue connection is healthy. */
  leaseTtlMs?: number;
  /** The JetStream stream (default `ZEN_<VENUE>`). */
  streamName?: string;
  /** How long the stream keeps data, ms (default 15 minutes): the longest partition a consumer can replay. */
  maxAgeMs?: number;
  /** Telemetry bus (default {@link natsTelemetry}). */
  telemetry?: Telemetry<NatsTelemetryEvents>;
}

/** Every option name of {@link startGateway}. */
export const GATEWAY_OPTIONS = [
  'nats',
  'venue',
  'connect',
  'channels',
  'name',
  'leaseTtlMs',
  'streamName',
  'maxAgeMs',
  'telemetry',
] as const;

/** A lease change, as emitted on a gateway's `lease` event. */
export interface LeaseChange {
  venue: string;
  /** The gateway that owns the venue now (`undefined`: nobody; released). */
  owner: string | undefined;
  /** The owner before. */
  previous: string | undefined;
  /** Local time of the change, ms since the epoch. */
  at: number;
}

/** Events of a {@link Gateway}. */
export type GatewayEvents = {
  lease: LeaseChange;
  /** This gateway owns the venue and serves it: the venue connection is open, the channel set subscribed, requests answered. */
  ready: { venue: string; name: string };
  /** This gateway's role changed (`owner` on taking the lease; `standby` when demoted (fenced) or released; `closed`). */
  role: { venue: string; name: string; role: 'owner' | 'standby' | 'closed'; reason: string };
  /** Failures no promise carries: a venue connection that failed to open, a refused subscription, a lost publish. */
  error: ZenError;
};

/** A running gateway, from {@link startGateway}. */
export interface Gateway {
  /** This gateway's name (its lease owner id). */
  readonly name: string;
  readonly venue: string;
  /** `'owner'` while it holds the venue's lease, `'standby'` while another does, `'closed'` after `close()`. */
  role(): 'owner' | 'standby' | 'closed';
  /** The venue connection while this gateway owns the lease and has opened it. */
  connection(): VenueConnection | undefined;
  on<K extends keyof GatewayEvents>(type: K, handler: (payload: GatewayEvents[K]) => void): Unsubscribe;
  /**
   * Stops: an owner stops answering requests, releases the lease (so a standby takes it at once rather than
   * after the TTL) and closes the venue connection. Idempotent.
   */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The lease value kept in KV `zen_leases`, key `<venue>`. */
export interface LeaseValue {
  /** Owner name; null when released. */
  owner: string | null;
  /** Wall-clock time the owner promises to renew by, ms (informative: takeover uses local clocks). */
  expiresAt: number;
}

/** The channel set kept in KV `zen_channels`, key `<venue>`: channel → who wants it. */
export interface ChannelSet {
  channels: Record<string, string[]>;
}

/** A request on `zen.<venue>.rpc`. */
export interface RpcBody {
  method: string;
  params?: unknown;
  /** Idempotency id: the same id is executed once per gateway (repeats get the first answer). */
  id?: string;
  /** Wall-clock deadline, ms: a request found after it is refused unsent. */
  deadline?: number;
}

/** The error half of a reply. */
export interface RpcErrorBody {
  code: string;
  message: string;
  sent: boolean;
  outcome: 'unknown' | 'not_sent' | 'rejected';
  rpcCode?: number;
  data?: unknown;
}

/** Validates `startGateway`'s options: unknown keys, types and ranges, each with a clear TypeError/RangeError. */
export function checkGatewayOptions(options: GatewayOptions): void {
  checkKeys('startGateway', options, GATEWAY_OPTIONS);
  checkConnection('startGateway', options.nats);
  checkVenue('startGateway', options.venue);
  if (typeof options.connect !== 'function')
    throw new TypeError('startGateway: options.connect must be a function that opens the venue connection');
  checkType('startGateway', 'name', options.name, 'string');
  checkType('startGateway', 'streamName', options.streamName, 'string');
  checkNumber('startGateway', 'leaseTtlMs', options.leaseTtlMs, 300);
  checkNumber('startGateway', 'maxAgeMs', options.maxAgeMs, 1000);
  if (options.channels !== undefined && !Array.isArray(options.channels))
    throw new TypeError('startGateway: options.channels must be an array of channel names');
  for (const channel of options.channels ?? []) encodeChannel(channel);
}
