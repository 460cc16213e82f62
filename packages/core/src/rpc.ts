import type { Clock } from './clock.js';
import { RequestError, type ZenError } from './errors.js';
import type { LatencyBuffer } from './latency.js';
import type { JsonObject } from './protocol.js';
import type { Telemetry } from './telemetry.js';

/** Request ids: whatever JSON allows as a correlatable id. */
export type RequestId = string | number;

interface Pending {
  resolve(reply: JsonObject): void;
  reject(error: ZenError): void;
  timer: unknown;
  sentAt: number;
}

/**
 * The pending-request table: every entry has a deadline, a duplicate id is refused, and every entry settles
 * exactly once — by its reply, its deadline, an abort, or {@link PendingTable.failAll} on disconnect.
 */
export class PendingTable {
  readonly #entries = new Map<RequestId, Pending>();
  readonly #clock: Clock;
  readonly #telemetry: Telemetry;
  readonly #latency: LatencyBuffer;
  #nextId = 1;

  constructor(clock: Clock, telemetry: Telemetry, latency: LatencyBuffer) {
    this.#clock = clock;
    this.#telemetry = telemetry;
    this.#latency = latency;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(id: RequestId): boolean {
    return this.#entries.has(id);
  }

  /** A fresh positive integer id not currently pending. */
  nextId(): number {
    while (this.#entries.has(this.#nextId)) this.#nextId++;
    return this.#nextId++;
  }

  /**
   * Tracks `id` (the caller has checked it is free) and arms its deadline. Returns the promise of the reply.
   * Call {@link PendingTable.forget} if the send then fails.
   */
  track(id: RequestId, timeoutMs: number, signal?: AbortSignal): Promise<JsonObject> {
    return new Promise<JsonObject>((resolve, reject) => {
      const onAbort = () =>
        this.#drop(
          id,
          new RequestError('aborted', `Request ${String(id)} aborted`, { sent: true, id, cause: signal?.reason }),
        );
      const timer = this.#clock.setTimeout(() => {
        this.#telemetry.emit('request_correlator.timeout', { count: 1, id });
        this.#drop(
          id,
          new RequestError('request_timeout', `No reply to request ${String(id)} within ${timeoutMs} ms`, {
            sent: true,
            id,
          }),
        );
      }, timeoutMs);
      const cleanup = () => signal?.removeEventListener('abort', onAbort);
      this.#entries.set(id, {
        resolve: (reply) => {
          cleanup();
          resolve(reply);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
        timer,
        sentAt: this.#clock.now(),
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#telemetry.emit('request_correlator.track', { count: 1, id, timeoutMs });
    });
  }

  /** Settles `id` with its reply; false when nothing was pending under it. */
  resolve(id: RequestId, reply: JsonObject): boolean {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    this.#entries.delete(id);
    this.#clock.clearTimeout(entry.timer);
    const roundTripMs = this.#clock.now() - entry.sentAt;
    this.#latency.add(roundTripMs);
    this.#telemetry.emit('request_correlator.resolve', { count: 1, id, roundTripMs });
    entry.resolve(reply);
    return true;
  }

  /** Removes `id` after its send failed, rejecting it with `error`. */
  forget(id: RequestId, error: ZenError): void {
    this.#drop(id, error);
  }

  /** Rejects every pending request (connection lost or client closed). */
  failAll(makeError: (id: RequestId) => ZenError, reason: string): void {
    const entries = [...this.#entries];
    this.#entries.clear();
    for (const [id, entry] of entries) {
      this.#clock.clearTimeout(entry.timer);
      this.#telemetry.emit('request_correlator.fail_all', { count: 1, id, reason });
      entry.reject(makeError(id));
    }
  }

  #drop(id: RequestId, error: ZenError): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#clock.clearTimeout(entry.timer);
    entry.reject(error);
  }
}
