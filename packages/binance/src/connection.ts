import { AbortError, RequestError, type StateChange, telemetry, type ZenError } from '@zen-websocket/core';
import { MAX_TIMER_DELAY, Subscriptions } from '@zen-websocket/core/internal';
import { streamList } from './errors.js';
import type { BinanceStreamsEvents, StreamConnectionInfo, StreamsSettings } from './types.js';
import {
  arm,
  call,
  control,
  createWire,
  type Frame,
  landed,
  lost,
  notSent,
  openWire,
  queued,
  refusal,
  refusedUrl,
  reset,
  sending,
  up,
  type Wire,
  type WireEvents,
} from './wire.js';

/** What a connection needs from the streams object that owns it. */
export interface StreamsHost {
  readonly o: StreamsSettings;
  deliver(connection: StreamConnection, frame: unknown): void;
  emit<K extends keyof BinanceStreamsEvents>(type: K, payload: BinanceStreamsEvents[K]): void;
  /** Streams dropped (refused, timed out, given up): forget their handlers. */
  forget(streams: readonly string[]): void;
  /** The connection is no longer needed (every stream dropped) or gave up (`error`): remove and close it. */
  gone(connection: StreamConnection, error?: ZenError): void;
}

type Reason = BinanceStreamsEvents['rotate']['reason'];

/**
 * Where a connection is. `idle`: no socket yet. `live`: one socket. `rotating`: the `next` socket is being
 * opened; frames still come from `wire` (remembered in `seen`) while the next one's are held in `buffer`.
 * `grace`: just after the switch, frames the old socket already delivered are dropped. `closed`: for good.
 */
export type ConnectionState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'live'; readonly wire: Wire }
  | {
      readonly kind: 'rotating';
      readonly wire: Wire;
      readonly next: Wire;
      readonly buffer: unknown[];
      readonly seen: Set<string>;
      readonly done: Promise<void>;
    }
  | { readonly kind: 'grace'; readonly wire: Wire; readonly seen: Set<string>; readonly timer: unknown }
  | { readonly kind: 'closed' };

/** A `subscribe()` call waiting: its streams and the deadline of those no socket carries yet. */
interface Call {
  readonly streams: readonly string[];
  timer: unknown;
}

const MAX_BUFFER = 20_000;
const GRACE_MS = 5000;
const noop = (): void => {};

/**
 * Up to `maxStreamsPerConnection` streams, served by one socket at a time (two while rotating). The wanted
 * streams (`subs`) are the one record of what should be subscribed; each socket records only what it has told
 * Binance (see {@link Wire}). Every (re)connect puts the streams that fit in the URL, so nothing needs
 * re-subscribing; the rest go by SUBSCRIBE, paced by the socket's strict rolling window (core's limiter): a slot
 * is taken only when a frame goes out, every waiting stream shares the next frame (decided when the slot comes),
 * and a frame's deadline runs from when it is written. A rotation opens the next socket, subscribes what did not
 * fit its URL, then sends a barrier (`LIST_SUBSCRIPTIONS`) on the old one: its reply proves the old socket has
 * handed over every frame sent before the next one opened; after the switch, frames it already delivered are dropped.
 */
export class StreamConnection implements WireEvents {
  readonly id: number;
  readonly subs: Subscriptions;
  readonly o: StreamsSettings;
  readonly #host: StreamsHost;
  #state: ConnectionState = { kind: 'idle' };
  readonly #calls = new Set<Call>();
  readonly #idle: Array<() => void> = [];

  constructor(id: number, host: StreamsHost) {
    this.id = id;
    this.#host = host;
    this.o = host.o;
    this.subs = new Subscriptions(host.o.clock, telemetry);
  }

  /** The socket serving the streams now. */
  get live(): Wire | undefined {
    return 'wire' in this.#state ? this.#state.wire : undefined;
  }

  /** Adds streams; resolves once Binance has them (URL or SUBSCRIBE reply); rejects on refusal or timeout. */
  subscribe(streams: readonly string[]): Promise<void> {
    this.subs.add(streams);
    const waiter = this.subs.waitFor(streams, MAX_TIMER_DELAY, () => new AbortError('aborted', 'Never'));
    const live = this.live;
    if (this.#state.kind === 'idle') {
      const wire = createWire();
      this.#state = { kind: 'live', wire };
      openWire(wire, this.o, this).catch((error: ZenError) => this.#fail(error));
    } else if (live) this.subs.confirm(streams.filter((s) => live.sent.has(s) && !live.flying.has(s)));
    this.#pumpAll();
    const call: Call = { streams, timer: undefined };
    this.#calls.add(call);
    this.#deadline(call);
    return waiter.finally(() => {
      this.o.clock.clearTimeout(call.timer);
      this.#calls.delete(call);
    });
  }

  /** Removes streams at once; resolves once Binance has been told (or the socket is gone). */
  unsubscribe(streams: readonly string[]): Promise<void> {
    this.subs.remove(streams, new AbortError('aborted', `Unsubscribed from ${streamList(streams)}`));
    this.#pumpAll();
    return this.#settled();
  }

  /** `LIST_SUBSCRIPTIONS` on the live socket. */
  async list(): Promise<string[]> {
    const live = this.live;
    return ((live && (await this.#call(live, 'LIST_SUBSCRIPTIONS'))) as string[] | undefined) ?? [];
  }

  /** This connection's row of `connections()`. */
  info(): StreamConnectionInfo {
    const live = this.live;
    const client = live?.client;
    return {
      id: this.id,
      streams: this.subs.size,
      state: client?.getState() ?? 'connecting',
      url: client?.url,
      queued: live ? queued(live, this.subs.list(), this.o.batch) : 0,
    };
  }

  /** Replaces the live socket make-before-break; one rotation at a time. */
  rotate(reason: Reason): Promise<void> {
    const state = this.#state;
    if (state.kind === 'rotating') return state.done;
    if (!('wire' in state) || !up(state.wire)) return Promise.resolve();
    this.#endGrace();
    const next = createWire();
    const done = this.#rotate(state.wire, next, reason);
    this.#state = { kind: 'rotating', wire: state.wire, next, buffer: [], seen: new Set(), done };
    return done;
  }

  async close(): Promise<void> {
    const wires = this.#wires();
    this.#endGrace();
    this.#state = { kind: 'closed' };
    const error = new AbortError('aborted', 'Streams closed');
    this.subs.rejectAll(error);
    this.subs.clear();
    for (const call of this.#calls) this.o.clock.clearTimeout(call.timer);
    this.#calls.clear();
    await Promise.all(wires.map((wire) => this.#shut(wire, error)));
  }

  // ── sockets ───────────────────────────────────────────────────────────────────────────────────────

  #wires(): Wire[] {
    const state = this.#state;
    return state.kind === 'rotating' ? [state.wire, state.next] : 'wire' in state ? [state.wire] : [];
  }

  // ── WireEvents ────────────────────────────────────────────────────────────────────────────────────

  wanted(): string[] {
    return this.subs.list();
  }

  opened(wire: Wire): void {
    arm(
      wire,
      this.o,
      () => this.#call(wire, 'LIST_SUBSCRIPTIONS').catch(noop),
      () => {
        if (wire === this.live) this.rotate('scheduled').catch(noop);
      },
    );
    if (wire === this.live) this.subs.confirm(wire.url);
    this.#schedule(wire);
  }

  dropped(wire: Wire): void {
    this.#reset(wire, notSent('The connection dropped before it was sent', 'disconnected'));
    if (wire === this.live) this.subs.markAllPending();
  }

  changed(wire: Wire, change: StateChange): void {
    if (wire !== this.live) return;
    this.#host.emit('state', { ...change, connection: this.id });
    if (change.to === 'disconnected' && change.error) this.#fail(change.error);
  }

  receive(wire: Wire, frame: unknown): void {
    const state = this.#state;
    if (state.kind === 'rotating' && wire === state.next) {
      if (state.buffer.length < MAX_BUFFER) state.buffer.push(frame);
      return;
    }
    if (wire !== this.live) return;
    if (state.kind === 'rotating') state.seen.add(JSON.stringify(frame));
    else if (state.kind === 'grace' && state.seen.size > 0 && state.seen.delete(JSON.stringify(frame))) return;
    this.#host.deliver(this, frame);
  }

  /** Closes `wire` for good; its waiting messages reject with `error`. */
  async #shut(wire: Wire, error: unknown): Promise<void> {
    wire.abort.abort();
    this.#reset(wire, error);
    await wire.client?.close();
  }

  /** After a drop: nothing is on the server any more; what to send is derived again on the next connection. */
  #reset(wire: Wire, error: unknown): void {
    reset(wire, this.o.clock, error);
    this.#check();
  }

  // ── control messages ──────────────────────────────────────────────────────────────────────────────

  /** A control request without params (`LIST_SUBSCRIPTIONS`), paced like the rest. */
  #call(wire: Wire, method: string): Promise<unknown> {
    const done = call(wire, method, this.o.maxQueue);
    this.#schedule(wire);
    return done;
  }

  #pumpAll(): void {
    for (const wire of this.#wires()) this.#schedule(wire);
  }

  /** Pumps on the next microtask, so the calls of one tick share a frame. */
  #schedule(wire: Wire): void {
    if (wire.pump !== undefined) return;
    wire.pump = true;
    queueMicrotask(() => wire.pump === true && this.#pump(wire));
  }

  /** Sends what the pacing allows now; waits (a timer) for the next slot when more is waiting. */
  #pump(wire: Wire): void {
    wire.pump = undefined;
    const { clock, gap } = this.o;
    for (let frame = this.#next(wire); frame && up(wire); frame = this.#next(wire)) {
      const now = clock.now();
      if (now < wire.at) {
        wire.pump = clock.setTimeout(() => this.#pump(wire), wire.at - now);
        return;
      }
      wire.at = now + gap;
      this.#write(wire, frame);
    }
    this.#check();
  }

  #next(wire: Wire): Frame | undefined {
    const job = wire.jobs[0];
    return job ? { method: job.method, job } : control(wire, this.subs.list(), this.o.batch);
  }

  #write(wire: Wire, { method, params, job }: Frame): void {
    const client = wire.client as NonNullable<Wire['client']>;
    if (job) {
      wire.jobs.shift();
      client.request(method).then(job.resolve, job.reject);
      return;
    }
    const streams = params as string[];
    if (method === 'UNSUBSCRIBE') {
      for (const s of streams) wire.sent.delete(s);
      wire.leaving++;
      // Refused or lost, the stream is gone either way.
      const done = (): void => {
        wire.leaving--;
        this.#check();
      };
      client.request(method, streams).then(done, done);
      return;
    }
    sending(wire, streams);
    client.request(method, streams).then(
      () => this.#answered(wire, streams),
      (error: ZenError) => this.#failed(wire, streams, error),
    );
  }

  /** A SUBSCRIBE reply: confirms what is still wanted; what is not (unsubscribed, timed out) is unsubscribed. */
  #answered(wire: Wire, streams: string[]): void {
    if (!landed(wire, streams)) return;
    if (wire === this.live) this.subs.confirm(streams);
    this.#schedule(wire);
  }

  #failed(wire: Wire, streams: string[], error: ZenError): void {
    if (lost(error) || !landed(wire, streams)) return this.#check(); // back through the next URL
    const reported = refusal(wire, streams, error, this.o.requestTimeout);
    if (reported && this.#wires().includes(wire))
      this.#drop(
        streams.filter((s) => this.subs.status(s) !== undefined),
        reported,
      );
    this.#schedule(wire);
  }

  /** Nothing waiting or unanswered on `wire`, or no connection to send it on. */
  #quiet(wire: Wire): boolean {
    return !up(wire) || (wire.flying.size + wire.leaving === 0 && !control(wire, this.subs.list(), this.o.batch));
  }

  /** Resolves once no socket has anything waiting or unanswered (e.g. a restore has been answered). */
  #settled(): Promise<void> {
    return new Promise((resolve) => {
      this.#idle.push(resolve);
      this.#check();
    });
  }

  #check(): void {
    if (this.#wires().every((wire) => this.#quiet(wire))) for (const resolve of this.#idle.splice(0)) resolve();
  }

  // ── streams that fail ─────────────────────────────────────────────────────────────────────────────

  /**
   * The deadline of streams no socket carries yet (connecting, reconnecting): `requestTimeout` from the call.
   * Streams on an open socket wait for their SUBSCRIBE, whose deadline is counted from when it is written.
   */
  #deadline(call: Call): void {
    const { clock, requestTimeout } = this.o;
    call.timer = clock.setTimeout(() => {
      const pending = call.streams.filter((s) => this.subs.status(s) === 'pending');
      const stale = pending.filter((s) => !this.#wires().some((wire) => up(wire) || wire.flying.has(s)));
      if (stale.length > 0) {
        const message = `${streamList(stale)} not confirmed within ${requestTimeout} ms: no connection carried them`;
        this.#drop(stale, new RequestError('request_timeout', message, { sent: false }));
      }
      if (stale.length < pending.length) this.#deadline(call);
    }, requestTimeout);
  }

  /** Forgets streams after a refusal or a timeout; reported on `error` when no `subscribe()` waits for them. */
  #drop(streams: readonly string[], error: ZenError): void {
    if (streams.length === 0) return;
    const calls = [...this.#calls];
    const orphans = streams.some((s) => !calls.some((call) => call.streams.includes(s)));
    this.subs.remove(streams, error);
    this.#host.forget(streams);
    if (orphans) this.#host.emit('error', error);
    if (this.subs.size === 0) this.#host.gone(this);
  }

  #fail(error: ZenError): void {
    if (this.#state.kind === 'closed') return;
    const reason = refusedUrl(error, this.live?.url ?? []);
    const streams = this.subs.list();
    this.subs.rejectAll(reason);
    this.#host.forget(streams);
    this.#host.gone(this, reason);
  }

  // ── rotation ──────────────────────────────────────────────────────────────────────────────────────

  async #rotate(old: Wire, next: Wire, reason: Reason): Promise<void> {
    try {
      await openWire(next, this.o, this);
      await this.#settled();
      await this.#call(old, 'LIST_SUBSCRIPTIONS').catch(noop); // the barrier
    } catch (error) {
      if (this.#state.kind === 'rotating') this.#state = { kind: 'live', wire: old };
      await this.#shut(next, error);
      if (this.#state.kind !== 'closed') this.#host.emit('error', error as ZenError);
      return;
    }
    const state = this.#state;
    if (state.kind !== 'rotating') return;
    const timer = this.o.clock.setTimeout(() => this.#endGrace(), GRACE_MS);
    this.#state = { kind: 'grace', wire: next, seen: state.seen, timer };
    this.subs.confirm([...next.sent]);
    this.#schedule(next);
    for (const frame of state.buffer) this.receive(next, frame);
    await this.#shut(old, new AbortError('aborted', 'Rotated'));
    this.#host.emit('rotate', { connection: this.id, reason });
  }

  #endGrace(): void {
    const state = this.#state;
    if (state.kind !== 'grace') return;
    this.o.clock.clearTimeout(state.timer);
    this.#state = { kind: 'live', wire: state.wire };
  }
}
