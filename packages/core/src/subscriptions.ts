import type { Clock } from './clock.js';
import type { ZenError } from './errors.js';
import type { Telemetry } from './telemetry.js';

/** `pending` until the server confirms, then `active`; back to `pending` whenever the connection drops. */
export type ChannelStatus = 'pending' | 'active';

interface Waiter {
  channels: Set<string>;
  resolve(): void;
  reject(error: ZenError): void;
  timer: unknown;
}

/**
 * Desired subscriptions: channel → status, kept across reconnects, plus the promises waiting for channels to
 * be confirmed. What the client sends is derived from this, never replayed from sent messages.
 */
export class Subscriptions {
  // Made on first use: most clients of a pool never subscribe (bench/README.md: idle memory per client).
  #channels: Map<string, ChannelStatus> | undefined;
  #waiters: Set<Waiter> | undefined;
  readonly #telemetry: Telemetry;
  readonly #clock: Clock;

  constructor(clock: Clock, telemetry: Telemetry) {
    this.#clock = clock;
    this.#telemetry = telemetry;
  }

  get size(): number {
    return this.#channels?.size ?? 0;
  }

  /** Whether any `waitFor` promise is still waiting. */
  get waiting(): boolean {
    return (this.#waiters?.size ?? 0) > 0;
  }

  /** Every desired channel, in the order first added. */
  list(): string[] {
    return this.#channels ? [...this.#channels.keys()] : [];
  }

  status(channel: string): ChannelStatus | undefined {
    return this.#channels?.get(channel);
  }

  /** Adds channels as `pending` (already-known ones keep their status). */
  add(channels: readonly string[]): void {
    if (!this.#channels) this.#channels = new Map();
    for (const channel of channels) {
      if (this.#channels.has(channel)) continue;
      this.#channels.set(channel, 'pending');
      this.#telemetry.emit('subscription_manager.add', { count: 1, channel });
    }
  }

  /** Removes channels; waiters on them reject with `error`. */
  remove(channels: readonly string[], error: ZenError): void {
    for (const channel of channels) {
      if (!this.#channels?.delete(channel)) continue;
      this.#telemetry.emit('subscription_manager.remove', { count: 1, channel });
    }
    this.#rejectWaiters((w) => channels.some((c) => w.channels.has(c)), error);
  }

  /** Marks channels active and resolves the waiters that have nothing left to wait for. */
  confirm(channels: readonly string[]): void {
    const map = this.#channels;
    if (map) for (const channel of channels) if (map.has(channel)) map.set(channel, 'active');
    for (const waiter of this.#waiters ?? []) {
      for (const channel of channels) waiter.channels.delete(channel);
      if (waiter.channels.size === 0) this.#settle(waiter).resolve();
    }
  }

  /** After a drop: every channel needs confirming again. */
  markAllPending(): void {
    const map = this.#channels;
    if (map) for (const channel of map.keys()) map.set(channel, 'pending');
  }

  /** A promise that resolves when every one of `channels` is confirmed, or rejects at `timeoutMs`. */
  waitFor(channels: readonly string[], timeoutMs: number, onTimeout: () => ZenError): Promise<void> {
    const pending = channels.filter((c) => this.#channels?.get(c) !== 'active');
    if (pending.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { channels: new Set(pending), resolve, reject, timer: undefined };
      waiter.timer = this.#clock.setTimeout(() => this.#settle(waiter).reject(onTimeout()), timeoutMs);
      if (!this.#waiters) this.#waiters = new Set();
      this.#waiters.add(waiter);
    });
  }

  /** Rejects every waiter (client closed, gave up, or restore disabled). */
  rejectAll(error: ZenError): void {
    this.#rejectWaiters(() => true, error);
  }

  /** Forgets every channel (no telemetry: the client is going away or restore is off). */
  clear(): void {
    this.#channels = undefined;
  }

  #rejectWaiters(match: (w: Waiter) => boolean, error: ZenError): void {
    if (!this.#waiters) return;
    for (const waiter of [...this.#waiters]) if (match(waiter)) this.#settle(waiter).reject(error);
  }

  #settle(waiter: Waiter): Waiter {
    this.#waiters?.delete(waiter);
    this.#clock.clearTimeout(waiter.timer);
    return waiter;
  }
}
