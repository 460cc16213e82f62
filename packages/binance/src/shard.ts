import {
  AbortError,
  ConnectionError,
  RequestError,
  type StateChange,
  telemetry,
  type ZenError,
} from '@zen-websocket/core';
import { MAX_TIMER_DELAY, Subscriptions } from '@zen-websocket/core/internal';
import { streamList } from './errors.js';
import { Line, type LineHost } from './line.js';
import type { BinanceStreamsEvents, StreamsSettings } from './types.js';

/** What a shard needs from the streams object that owns it. */
export interface ShardHost {
  readonly o: StreamsSettings;
  deliver(shard: Shard, frame: unknown): void;
  emit<K extends keyof BinanceStreamsEvents>(type: K, payload: BinanceStreamsEvents[K]): void;
  /** Streams dropped after a refusal or a timeout: forget their handlers and owner. */
  forget(streams: readonly string[]): void;
  /** The shard's connection gave up for good. */
  failed(shard: Shard, error: ZenError): void;
  /** Every stream of the shard was dropped (refused or timed out): it is no longer needed. */
  emptied(shard: Shard): void;
}

type Reason = BinanceStreamsEvents['rotate']['reason'];

/**
 * Where a shard is. `idle`: no connection yet. `live`: one connection. `rotating`: the next connection is being
 * opened; frames still come from the live one (remembered in `seen`) while the next one's are held in `buffer`.
 * `grace`: just after the switch, frames the old connection already delivered are dropped. `closed`: for good.
 */
export type ShardState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'live'; readonly live: Line }
  | {
      readonly kind: 'rotating';
      readonly live: Line;
      readonly next: Line;
      readonly buffer: unknown[];
      readonly seen: Set<string>;
      readonly done: Promise<void>;
    }
  | { readonly kind: 'grace'; readonly live: Line; readonly seen: Set<string>; readonly timer: unknown }
  | { readonly kind: 'closed' };

const MAX_BUFFER = 20_000;
const GRACE_MS = 5000;

/**
 * A group of at most `maxStreamsPerConnection` streams, served by one connection at a time. Every (re)connect
 * puts the streams that fit in the URL, so nothing needs re-subscribing; the rest go by SUBSCRIBE through the
 * connection's limiter. A rotation opens the next connection, subscribes what did not fit its URL, then sends
 * a barrier (`LIST_SUBSCRIPTIONS`) on the old one: its reply proves the old connection has handed over every
 * frame sent before the next one opened. After the switch, frames the old one already delivered are dropped.
 */
export class Shard implements LineHost {
  readonly id: number;
  /** The desired streams and whether each is confirmed on the live connection. */
  readonly subs: Subscriptions;
  readonly o: StreamsSettings;
  readonly #host: ShardHost;
  #state: ShardState = { kind: 'idle' };
  /** Pending `subscribe()` calls per stream: a refusal nobody waits for is reported on `error`. */
  readonly #callers = new Map<string, number>();
  readonly #deadlines = new Set<unknown>();

  constructor(id: number, host: ShardHost) {
    this.id = id;
    this.#host = host;
    this.o = host.o;
    this.subs = new Subscriptions(host.o.clock, telemetry);
  }

  /** Where the shard is (see {@link ShardState}). */
  get current(): ShardState {
    return this.#state;
  }

  /** The connection serving the streams now. */
  get live(): Line | undefined {
    return 'live' in this.#state ? this.#state.live : undefined;
  }

  /** Adds streams; resolves once the server has them (URL or SUBSCRIBE reply); rejects on refusal or timeout. */
  subscribe(streams: string[]): Promise<void> {
    this.subs.add(streams);
    const waiter = this.subs.waitFor(streams, MAX_TIMER_DELAY, () => new AbortError('aborted', 'Never'));
    if (this.#state.kind === 'idle') {
      const live = new Line(this);
      this.#state = { kind: 'live', live };
      live.open().catch((error: ZenError) => this.#fail(error));
    } else this.live?.want(streams);
    for (const s of streams) this.#callers.set(s, (this.#callers.get(s) ?? 0) + 1);
    const cancel = this.#deadline(streams);
    return waiter.finally(() => {
      cancel();
      for (const s of streams) {
        const n = (this.#callers.get(s) ?? 1) - 1;
        if (n > 0) this.#callers.set(s, n);
        else this.#callers.delete(s);
      }
    });
  }

  /** Removes streams at once; resolves once the server has been told (or the connection is gone). */
  async unsubscribe(streams: string[]): Promise<void> {
    this.subs.remove(streams, new AbortError('aborted', `Unsubscribed from ${streamList(streams)}`));
    const lines = this.#lines();
    for (const line of lines) line.drop(streams);
    await Promise.all(lines.map((line) => line.settled()));
  }

  /** `LIST_SUBSCRIPTIONS` on the live connection. */
  async list(): Promise<string[]> {
    const live = this.live;
    return ((live && (await live.call('LIST_SUBSCRIPTIONS'))) as string[] | undefined) ?? [];
  }

  /** Replaces the live connection make-before-break; one rotation at a time. */
  rotate(reason: Reason): Promise<void> {
    const state = this.#state;
    if (state.kind === 'rotating') return state.done;
    if ((state.kind !== 'live' && state.kind !== 'grace') || !state.live.up) return Promise.resolve();
    this.#endGrace();
    const next = new Line(this);
    const done = this.#rotate(state.live, next, reason);
    this.#state = { kind: 'rotating', live: state.live, next, buffer: [], seen: new Set(), done };
    return done;
  }

  async close(): Promise<void> {
    const lines = this.#lines();
    this.#endGrace();
    this.#state = { kind: 'closed' };
    const error = new AbortError('aborted', 'Streams closed');
    this.subs.rejectAll(error);
    this.subs.clear();
    for (const timer of this.#deadlines) this.o.clock.clearTimeout(timer);
    this.#deadlines.clear();
    await Promise.all(lines.map((line) => line.shut(error)));
  }

  // ── LineHost ──────────────────────────────────────────────────────────────────────────────────────

  wanted = (stream: string): boolean => this.subs.status(stream) !== undefined;

  /** The desired streams that fit in the URL, in the order first subscribed. */
  urlStreams(): string[] {
    const out: string[] = [];
    let length = this.o.base.length + 20;
    for (const stream of this.subs.list()) {
      length += stream.length + 1;
      if (length > this.o.maxUrl) break;
      out.push(stream);
    }
    return out;
  }

  confirmed(line: Line, streams: readonly string[]): void {
    if (line === this.live) this.subs.confirm(streams);
  }

  refused(line: Line, streams: readonly string[], error: ZenError): void {
    if (this.#lines().includes(line)) this.#drop(streams.filter(this.wanted), error);
  }

  opened(line: Line): void {
    if (line !== this.live) return;
    this.subs.confirm(line.used);
    line.want(this.subs.list());
  }

  dropped(line: Line): void {
    if (line === this.live) this.subs.markAllPending();
  }

  changed(line: Line, change: StateChange): void {
    if (line !== this.live) return;
    this.#host.emit('state', { ...change, connection: this.id });
    if (change.to === 'disconnected' && change.error) this.#fail(change.error);
  }

  rotateDue(line: Line): void {
    if (line === this.live) this.rotate('scheduled').catch(() => {});
  }

  receive(line: Line, frame: unknown): void {
    const state = this.#state;
    if (state.kind === 'rotating' && line === state.next) {
      if (state.buffer.length < MAX_BUFFER) state.buffer.push(frame);
      return;
    }
    if (line !== this.live) return;
    if (state.kind === 'rotating') state.seen.add(JSON.stringify(frame));
    else if (state.kind === 'grace' && state.seen.size > 0 && state.seen.delete(JSON.stringify(frame))) return;
    this.#host.deliver(this, frame);
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────

  #lines(): Line[] {
    const state = this.#state;
    return state.kind === 'rotating' ? [state.live, state.next] : 'live' in state ? [state.live] : [];
  }

  /**
   * The deadline of streams no connection has carried yet (connecting, reconnecting): `requestTimeout` from the
   * call. Streams in a SUBSCRIBE written have that frame's deadline instead, counted from when it went out.
   */
  #deadline(streams: string[]): () => void {
    const { clock, requestTimeout } = this.o;
    let timer: unknown;
    const arm = (): void => {
      timer = clock.setTimeout(check, requestTimeout);
      this.#deadlines.add(timer);
    };
    const check = (): void => {
      this.#deadlines.delete(timer);
      const pending = streams.filter((s) => this.subs.status(s) === 'pending');
      const stale = pending.filter((s) => !this.#lines().some((line) => line.carries(s)));
      if (stale.length > 0) {
        const message = `${streamList(stale)} not confirmed within ${requestTimeout} ms: no connection has carried them yet`;
        this.#drop(stale, new RequestError('request_timeout', message, { sent: false }));
      }
      if (stale.length < pending.length) arm();
    };
    arm();
    return () => {
      clock.clearTimeout(timer);
      this.#deadlines.delete(timer);
    };
  }

  /** Forgets streams after a refusal or a timeout; reported on `error` when no `subscribe()` waits for them. */
  #drop(streams: readonly string[], error: ZenError): void {
    if (streams.length === 0) return;
    const orphans = streams.some((s) => !this.#callers.has(s));
    this.subs.remove(streams, error);
    this.#host.forget(streams);
    if (orphans) this.#host.emit('error', error);
    if (this.subs.size === 0) this.#host.emptied(this);
  }

  #fail(error: ZenError): void {
    if (this.#state.kind === 'closed') return;
    const reason = this.#explain(error);
    const streams = this.subs.list();
    this.subs.rejectAll(reason);
    void this.close();
    this.#host.forget(streams);
    this.#host.failed(this, reason);
  }

  /** An HTTP 400 on the upgrade means Binance refused a stream of the URL: name them. */
  #explain(error: ZenError): ZenError {
    const used = this.live?.used ?? [];
    if (!(error instanceof ConnectionError) || error.status !== 400 || used.length === 0) return error;
    const { code, closeCode, closeReason, status } = error;
    const message = `Binance refused the connection (HTTP 400) whose URL carries ${streamList(used)}: a stream name it does not know, or more than it allows on one connection`;
    return new ConnectionError(code, message, { status, cause: error, ...defined({ closeCode, closeReason }) });
  }

  async #rotate(old: Line, next: Line, reason: Reason): Promise<void> {
    try {
      await next.open();
      next.want(this.subs.list());
      await next.settled();
      await old.call('LIST_SUBSCRIPTIONS').catch(() => {}); // the barrier
    } catch (error) {
      if (this.#state.kind === 'rotating') this.#state = { kind: 'live', live: old };
      await next.shut(error);
      if (this.#state.kind !== 'closed') this.#host.emit('error', error as ZenError);
      return;
    }
    const state = this.#state;
    if (state.kind !== 'rotating') return;
    const timer = this.o.clock.setTimeout(() => this.#endGrace(), GRACE_MS);
    this.#state = { kind: 'grace', live: next, seen: state.seen, timer };
    this.subs.confirm([...next.sent]);
    next.drop([...next.sent].filter((s) => !this.wanted(s)));
    next.want(this.subs.list());
    for (const frame of state.buffer) this.receive(next, frame);
    await old.shut(new AbortError('aborted', 'Rotated'));
    this.#host.emit('rotate', { connection: this.id, reason });
  }

  #endGrace(): void {
    const state = this.#state;
    if (state.kind !== 'grace') return;
    this.o.clock.clearTimeout(state.timer);
    this.#state = { kind: 'live', live: state.live };
  }
}

function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}
