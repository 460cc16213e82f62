import type { Clock } from './clock.js';
import { RequestError, type ZenError } from './errors.js';
import type { LatencyBuffer } from './latency.js';
import type { JsonObject, Protocol } from './protocol.js';
import type { Telemetry } from './telemetry.js';

/** Request ids: whatever JSON allows as a correlatable id. */
export type RequestId = string | number;

const EMPTY: ReadonlyMap<RequestId, PendingEntry> = new Map();

/** One pending request. `sent` turns true when it is handed to the socket (it may wait in a rate limiter first). */
export interface PendingEntry {
  readonly id: RequestId;
  /** The reply, or the error that ended the wait. */
  readonly reply: Promise<unknown>;
  sent: boolean;
  sentAt: number;
  /** Clock time after which the request fails with `request_timeout`. */
  readonly deadline: number;
  readonly timeoutMs: number;
  /**
   * Set for `request()`: the reply is settled through the protocol (`settle(reply, method)`) here, so `reply`
   * is the caller's own promise (one promise per request, no `async` hop: bench/README.md, Deno/Bun round trip).
   */
  readonly method: string | undefined;
  resolve(reply: unknown): void;
  reject(error: unknown): void;
}

/**
 * The pending-request table: every entry has a deadline, a duplicate id is refused, and every entry settles
 * exactly once — by its reply, its deadline, an abort, or {@link PendingTable.failAll} on disconnect.
 * Deadlines share one timer, armed for the earliest: a reply costs no timer call (a `setTimeout` +
 * `clearTimeout` pair per request cost 0.9 µs in Node and 1.6–1.9 µs in Deno; bench/README.md). When it fires
 * it fails what is due and re-arms for the next; it is cleared when the table is emptied by `failAll`.
 */
export class PendingTable {
  // the table is made on the first request (an idle client has none); EMPTY stands in for reads until then
  #map: Map<RequestId, PendingEntry> | undefined;

  get #entries(): ReadonlyMap<RequestId, PendingEntry> {
    return this.#map ?? EMPTY;
  }
  readonly #clock: Clock;
  readonly #telemetry: Telemetry;
  readonly #latency: LatencyBuffer;
  readonly #protocol: Pick<Protocol, 'settle'>;
  #nextId = 1;
  /** The one deadline timer, and the clock time it fires at. */
  #timer: unknown;
  #timerAt = 0;

  constructor(clock: Clock, telemetry: Telemetry, latency: LatencyBuffer, protocol: Pick<Protocol, 'settle'>) {
    this.#clock = clock;
    this.#telemetry = telemetry;
    this.#latency = latency;
    this.#protocol = protocol;
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
   * Tracks `id` (the caller has checked it is free) and arms its deadline. Returns the entry; its `reply` is the
   * promise of the reply. Mark it with {@link PendingTable.written} when it goes to the socket, and call
   * {@link PendingTable.forget} if the send fails. Until written, every failure reports `sent: false`.
   * With `method`, `reply` settles with the protocol's verdict on the reply (its value, or its error).
   */
  track(id: RequestId, timeoutMs: number, signal?: AbortSignal, method?: string): PendingEntry {
    let resolve!: PendingEntry['resolve'];
    let reject!: PendingEntry['reject'];
    const reply = new Promise<unknown>((ok, fail) => {
      resolve = ok;
      reject = fail;
    });
    const now = this.#clock.now();
    const entry: PendingEntry = {
      id,
      reply,
      sent: false,
      sentAt: now,
      deadline: now + timeoutMs,
      timeoutMs,
      method,
      resolve,
      reject,
    };
    if (signal) {
      const onAbort = () =>
        this.#drop(
          entry,
          new RequestError('aborted', `Request ${String(id)} aborted`, { sent: entry.sent, id, cause: signal.reason }),
        );
      signal.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => signal.removeEventListener('abort', onAbort);
      entry.resolve = (value) => {
        cleanup();
        resolve(value);
      };
      entry.reject = (error) => {
        cleanup();
        reject(error);
      };
    }
    if (!this.#map) this.#map = new Map();
    this.#map.set(id, entry);
    this.#arm(entry.deadline, now);
    // payloads are built only for a listener: this runs once per request
    if (this.#telemetry.wants('request_correlator.track'))
      this.#telemetry.emit('request_correlator.track', { count: 1, id, timeoutMs });
    return entry;
  }

  /**
   * Marks `entry` as handed to the socket now. False when it is no longer pending (it timed out, was aborted or
   * failed while it waited): then it must not be written.
   */
  written(entry: PendingEntry): boolean {
    if (this.#entries.get(entry.id) !== entry) return false;
    entry.sent = true;
    entry.sentAt = this.#clock.now();
    return true;
  }

  /** Settles `id` with its reply; false when nothing was pending under it. */
  resolve(id: RequestId, reply: JsonObject): boolean {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    this.#map?.delete(id);
    const roundTripMs = this.#clock.now() - entry.sentAt;
    this.#latency.add(roundTripMs);
    if (this.#telemetry.wants('request_correlator.resolve'))
      this.#telemetry.emit('request_correlator.resolve', { count: 1, id, roundTripMs });
    if (entry.method === undefined) entry.resolve(reply);
    else settleEntry(entry, reply, this.#protocol);
    return true;
  }

  /** Removes `entry` after its send failed, rejecting it with `error` (nothing if it already settled). */
  forget(entry: PendingEntry, error: ZenError): void {
    this.#drop(entry, error);
  }

  /**
   * Rejects every pending request (connection lost or client closed); `sent` says whether that one had reached
   * the socket or was still waiting in a rate limiter (it is then never written).
   */
  failAll(makeError: (id: RequestId, sent: boolean) => ZenError, reason: string): void {
    this.#disarm();
    if (this.#entries.size === 0) return;
    const entries = [...this.#entries.values()];
    this.#map = undefined;
    for (const entry of entries) {
      this.#telemetry.emit('request_correlator.fail_all', { count: 1, id: entry.id, reason });
      entry.reject(makeError(entry.id, entry.sent));
    }
  }

  #drop(entry: PendingEntry, error: ZenError): void {
    if (this.#entries.get(entry.id) !== entry) return;
    this.#map?.delete(entry.id);
    entry.reject(error);
  }

  /** Arms the deadline timer for `deadline` unless it already fires at or before then. */
  #arm(deadline: number, now: number): void {
    if (this.#timer !== undefined) {
      if (this.#timerAt <= deadline) return;
      this.#clock.clearTimeout(this.#timer);
    }
    this.#timerAt = deadline;
    this.#timer = this.#clock.setTimeout(() => this.#sweep(), deadline - now);
  }

  #disarm(): void {
    if (this.#timer === undefined) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The deadline timer fired: fail every request that is due, then re-arm for the earliest left. */
  #sweep(): void {
    this.#timer = undefined;
    const now = this.#clock.now();
    let next = Number.POSITIVE_INFINITY;
    for (const entry of this.#entries.values()) {
      if (entry.deadline <= now) this.#expire(entry);
      else if (entry.deadline < next) next = entry.deadline;
    }
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next, now);
  }

  #expire(entry: PendingEntry): void {
    const { id, timeoutMs } = entry;
    this.#telemetry.emit('request_correlator.timeout', { count: 1, id });
    const message = entry.sent
      ? `No reply to request ${String(id)} within ${timeoutMs} ms`
      : `Request ${String(id)} waited ${timeoutMs} ms in the rate limiter and was not sent`;
    this.#drop(entry, new RequestError('request_timeout', message, { sent: entry.sent, id }));
  }
}

/** Settles a `request()` entry with the protocol's verdict on its reply; a throwing `settle` rejects it. */
function settleEntry(entry: PendingEntry, reply: JsonObject, protocol: Pick<Protocol, 'settle'>): void {
  let settled: ReturnType<Protocol['settle']>;
  try {
    settled = protocol.settle(reply, entry.method);
  } catch (error) {
    return entry.reject(error);
  }
  if (settled.ok) entry.resolve(settled.value);
  else entry.reject(settled.error);
}
