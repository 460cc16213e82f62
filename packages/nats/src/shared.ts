/** Helpers shared by the gateway, the client side and the budget: streams, buckets, JSON bodies, ids. */
import { DiscardPolicy, type JetStreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { nanos } from '@nats-io/nats-core';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** JSON → bytes. */
export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** Bytes → JSON, or `undefined` when they are not JSON. */
export function decodeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
}

/** A random id (16 hex digits). */
export function randomId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Default retention of a venue stream: 15 minutes (long enough to replay a partition, short enough to stay small). */
export const DEFAULT_MAX_AGE_MS = 15 * 60_000;

/** JetStream's de-duplication window on venue streams: 2 minutes (covers any lease handover). */
const DUPLICATE_WINDOW_MS = 120_000;

/**
 * Creates the venue's stream when missing (subjects `zen.<venue>.data.>`, file storage, age limit, 2-minute
 * duplicate window); when it exists and `maxAgeMs` is given and differs, updates its age limit.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  venue: string,
  maxAgeMs: number | undefined,
): Promise<void> {
  const subjects = [`zen.${venue}.data.>`];
  const existing = await jsm.streams.info(name).catch((error: unknown) => {
    if ((error as { name?: string }).name === 'StreamNotFoundError') return undefined;
    throw error;
  });
  if (existing) {
    if (maxAgeMs !== undefined && existing.config.max_age !== nanos(maxAgeMs))
      await jsm.streams.update(name, { ...existing.config, max_age: nanos(maxAgeMs) });
    return;
  }
  try {
    await jsm.streams.add({
      name,
      subjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(maxAgeMs ?? DEFAULT_MAX_AGE_MS),
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    });
  } catch (error) {
    // another process created it first
    if (!(await jsm.streams.info(name).catch(() => undefined))) throw error;
  }
}

/**
 * Opens (creating when missing) a KV bucket keeping one value per key. Processes that start together race to
 * create it, and the loser is refused ("subjects overlap with an existing stream"): it then opens the bucket the
 * winner made (a few tries, since the winner's stream may not be visible yet).
 */
export async function openBucket(nats: NatsConnection, name: string): Promise<KV> {
  const kvm = new Kvm(nats);
  for (let attempt = 0; ; attempt++) {
    try {
      return await kvm.create(name, { history: 1 });
    } catch (error) {
      if (attempt >= 4 || !/overlap|already in use|exists/i.test(String((error as Error)?.message))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  }
}

/** The NatsConnection-shaped check behind every factory's `nats` argument. */
export function checkConnection(where: string, nats: unknown): asserts nats is NatsConnection {
  const n = nats as Partial<NatsConnection> | null;
  if (!n || typeof n !== 'object' || typeof n.publish !== 'function' || typeof n.subscribe !== 'function')
    throw new TypeError(
      `${where}: nats must be a NatsConnection (connect() from @nats-io/transport-node, wsconnect() from @nats-io/nats-core), got ${n === null ? 'null' : typeof n}`,
    );
  if (n.isClosed?.()) throw new TypeError(`${where}: the NATS connection is closed`);
}

/** Throws a RangeError unless `value` is undefined or a finite number ≥ `min`. */
export function checkNumber(where: string, name: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    throw new RangeError(`${where}: options.${name} must be a number ≥ ${min}, got ${String(value)}`);
}
