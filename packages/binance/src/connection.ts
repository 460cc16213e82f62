import {
  AbortError,
  type Client,
  ConnectionError,
  RequestError,
  type StateChange,
  telemetry,
  type ZenError,
} from '@zen-websocket/core';
import { Subscriptions } from '@zen-websocket/core/internal';
import { BinanceError, streamList } from './errors.js';
import type { StreamConnectionInfo, StreamsSettings } from './types.js';
import type { Frame, Reason, StreamsHost, Wire, WireEvents } from './wire.js';
import * as W from './wire.js';

const LIST = 'LIST_SUBSCRIPTIONS';

/**
 * Up to `maxStreamsPerConnection` streams on one socket at a time (two while rotating). The wanted streams (`subs`)
 * are the one record of what should be subscribed; each socket records only what it told Binance ({@link Wire}).
 * A (re)connect puts the streams that fit in the URL; the rest go by SUBSCRIBE, paced, one frame per `gap` ms, each
 * decided when its slot comes (every waiting stream shares it), its deadline running from its write. A rotation
 * opens the next socket, subscribes what did not fit its URL, then sends a barrier (`LIST_SUBSCRIPTIONS`) on the
 * old one, whose reply proves it handed over every frame sent before the next one opened; after the switch,
 * frames it already delivered are dropped.
 */
export class StreamConnection implements WireEvents {
  // declared, not defined: set in the constructor (no class-field initialisers in the output)
  declare readonly id: number;
  declare readonly subs: Subscriptions;
  declare readonly o: StreamsSettings;
  readonly #host: StreamsHost;
  // Where it is: no `#wire` yet (idle), one (live), a `#next` being opened (rotating: `#wire`'s frames are noted
  // in `#seen`, `#next`'s held in `#buffer`), just switched (`#seen` drops repeats until `#grace` ends), `#closed`.
  #wire: Wire | undefined;
  #next: Wire | undefined;
  #buffer: unknown[] = [];
  #seen: Set<string> | undefined;
  #done: Promise<void> | undefined;
  #grace: unknown;
  #closed = false;
  readonly #idle: Array<() => void> = [];

  constructor(id: number, host: StreamsHost) {
    this.id = id;
    this.#host = host;
    this.o = host.o;
    this.subs = new Subscriptions(host.o.clock, telemetry);
  }

  /**
   * Adds streams of the `subscribe()` call `call`, which the host settles: resolved once Binance has every stream
   * of it at once (URL or SUBSCRIBE reply: {@link StreamsHost.settle}), rejected when one is dropped.
   */
  subscribe(streams: readonly string[], call: Promise<unknown>): void {
    this.subs.add(streams);
    if (!this.#wire && !this.#closed) {
      const wire = W.createWire();
      this.#wire = wire;
      W.openWire(wire, this.o, this).catch((error: ZenError) => this.#fail(error));
    }
    this.#pumpAll();
    // The deadline of streams no socket carries yet (connecting, reconnecting): `requestTimeout` from the call.
    // Streams on an open socket wait for their SUBSCRIBE, whose deadline is counted from when it is written.
    const { clock, requestTimeout } = this.o;
    let timer: unknown;
    const deadline = (): void => {
      timer = clock.setTimeout(() => {
        // (an open socket carries them: a SUBSCRIBE is written, or will be when its slot comes)
        if (!this.#wires().some(W.up)) {
          const stale = streams.filter((s) => this.subs.status(s) === 'pending');
          const message = `${streamList(stale)}: no connection within ${requestTimeout} ms (requestTimeout)`;
          this.#drop(stale, W.notSent(message, 'request_timeout'));
        }
        deadline(); // again: the streams still waiting are carried by a socket now; cleared once the call settles
      }, requestTimeout);
    };
    deadline();
    // the call settled: the deadline goes
    const stop = (): void => clock.clearTimeout(timer);
    call.then(stop, stop);
  }

  /** Removes streams at once (the host rejected the calls waiting for them); resolves once Binance has been told. */
  unsubscribe(streams: readonly string[], error: ZenError): Promise<void> {
    this.subs.remove(streams, error);
    this.#pumpAll();
    return this.#settled();
  }

  /** `LIST_SUBSCRIPTIONS` on the live socket. */
  async list(): Promise<string[]> {
    const live = this.#wire;
    return ((live && (await this.#list(live))) as string[] | undefined) ?? [];
  }

  /** This connection's row of `connections()`. */
  info(): StreamConnectionInfo {
    const live = this.#wire;
    const client = live?.client;
    const queued = live ? W.queued(live, this.subs.list(), this.o.batch) : 0;
    return {
      id: this.id,
      streams: this.subs.size,
      state: client?.getState() ?? 'connecting',
      url: client?.url,
      queued,
    };
  }

  /** Replaces the live socket make-before-break; one rotation at a time. */
  rotate(reason: Reason): Promise<void> {
    const wire = this.#wire;
    if (!this.#done && wire && W.up(wire)) {
      this.#endGrace();
      this.#seen = new Set(); // `#buffer` is empty between rotations
      const next = W.createWire();
      this.#next = next;
      this.#done = this.#rotate(wire, next, reason);
    }
    return this.#done ?? Promise.resolve();
  }

  async close(): Promise<void> {
    const wires = this.#wires();
    this.#endGrace();
    this.#closed = true;
    this.#wire = this.#next = undefined;
    const error = new AbortError('aborted', 'Streams closed');
    this.#host.forget(this.subs.list(), error); // the calls waiting for them reject
    this.subs.clear();
    await Promise.all(wires.map((wire) => this.#shut(wire, error)));
  }

  #wires(): Wire[] {
    return [this.#wire, this.#next].filter((wire) => !!wire) as Wire[];
  }

  /** Starts the open socket's timers: the quiet-connection probe and the scheduled rotation. */
  opened(wire: Wire): void {
    const { clock, interval, rotation, random, probe } = this.o;
    let lastIn: number | undefined;
    const quiet = (): void => {
      const seenIn = (wire.client as Client).getStateMetrics().messagesIn; // set before opened()
      if (seenIn === lastIn) this.#list(wire).catch(W.noop);
      lastIn = seenIn;
      wire.timers[0] = clock.setTimeout(quiet, interval / 2);
    };
    wire.timers = [
      probe && clock.setTimeout(quiet, interval / 2),
      // (a rotation never rejects: a failed one is reported on `error`)
      rotation && clock.setTimeout(() => void this.rotate('scheduled'), rotation.after + random() * rotation.window),
    ];
    this.#schedule(wire);
  }

  dropped(wire: Wire): void {
    this.#reset(wire, W.notSent('Connection dropped', 'disconnected'));
    if (wire === this.#wire) this.subs.markAllPending();
  }

  changed(wire: Wire, change: StateChange): void {
    if (wire !== this.#wire) return;
    this.#host.emit('state', { ...change, connection: this.id });
    if (change.to === 'disconnected' && change.error) this.#fail(change.error);
  }

  receive(wire: Wire, frame: unknown): void {
    const seen = this.#seen;
    if (wire === this.#next) {
      if (this.#buffer.length < W.MAX_BUFFER) this.#buffer.push(frame);
      return;
    }
    if (wire !== this.#wire) return;
    if (this.#next) seen?.add(JSON.stringify(frame));
    else if (seen?.size && seen.delete(JSON.stringify(frame))) return;
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
    for (const timer of [...wire.timers, wire.pump]) this.o.clock.clearTimeout(timer); // `pump` may be `true`: a no-op
    wire.pump = undefined;
    wire.sent.clear();
    wire.flying.clear();
    wire.retry.length = 0;
    for (const [, reject] of wire.jobs.splice(0)) reject(error);
    this.#schedule(wire); // its pump finds nothing to send, and settles `#settled()`
  }

  /** A `LIST_SUBSCRIPTIONS`, paced like the rest. */
  #list(wire: Wire): Promise<unknown> {
    const n = wire.jobs.length;
    const done = new Promise((resolve, reject) =>
      !W.up(wire)
        ? reject(W.notSent(`${LIST}: not connected`, 'not_connected'))
        : n < this.o.maxQueue
          ? wire.jobs.push([resolve, reject])
          : reject(W.notSent(`${LIST}: ${n} waiting (limit.maxQueue)`, 'overflow')),
    );
    this.#schedule(wire);
    return done;
  }

  #pumpAll(): void {
    for (const wire of this.#wires()) this.#schedule(wire);
  }

  /**
   * Confirms the wanted streams the live socket carries (in its URL, or by a SUBSCRIBE answered), then pumps on
   * the next microtask, so the calls of one tick share a frame.
   */
  #schedule(wire: Wire): void {
    const carried = (s: string): boolean => !wire.flying.has(s) && this.subs.status(s) === 'pending';
    if (wire === this.#wire) {
      this.subs.confirm([...wire.sent].filter(carried));
      this.#host.settle();
    }
    if (wire.pump !== undefined) return;
    wire.pump = true;
    queueMicrotask(() => wire.pump === true && this.#pump(wire));
  }

  /** Sends what the pacing allows now; waits (a timer) for the next slot when more is waiting. */
  #pump(wire: Wire): void {
    wire.pump = undefined;
    const { clock, gap } = this.o;
    for (let frame = this.#frame(wire); frame && W.up(wire); frame = this.#frame(wire)) {
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

  #frame(wire: Wire): Frame | undefined {
    return wire.jobs[0] ? [LIST] : W.control(wire, this.subs.list(), this.o.batch);
  }

  #write(wire: Wire, [method, streams]: Frame): void {
    const client = wire.client as NonNullable<Wire['client']>;
    if (!streams) {
      client.request(method).then(...(wire.jobs.shift() as W.Job));
      return;
    }
    if (method === 'UNSUBSCRIBE') {
      for (const s of streams) wire.sent.delete(s);
      wire.leaving++;
      // Refused or lost, the stream is gone either way.
      const done = (): void => {
        wire.leaving--;
        this.#schedule(wire);
      };
      client.request(method, streams).then(done, done);
      return;
    }
    if (wire.retry[0]?.some((s) => streams.includes(s))) wire.retry.shift();
    for (const s of streams) {
      wire.sent.add(s);
      wire.flying.add(s);
    }
    // answered: what is still wanted is confirmed ({@link #schedule}), what is not is unsubscribed
    client.request(method, streams).then(
      () => W.landed(wire, streams) && this.#schedule(wire),
      (error: ZenError) => this.#failed(wire, streams, error),
    );
  }

  /**
   * A SUBSCRIBE refused or unanswered. Refused (one bad name refuses the whole frame): retried in halves, and a
   * single stream refused is reported. Unanswered in time: Binance may still subscribe them, so they stay in
   * `sent` and an UNSUBSCRIBE follows.
   */
  #failed(wire: Wire, streams: string[], error: ZenError): void {
    // disconnected, closed…: the server no longer has them anyway, so back through the next URL (a socket that
    // left `#wires()` was reset then: nothing of it lands)
    if (!/^(disconnected|not_connected|closed|aborted)$/.test(error.code) && W.landed(wire, streams)) {
      const refused = error instanceof BinanceError;
      if (refused) for (const s of streams) wire.sent.delete(s);
      const half = Math.ceil(streams.length / 2);
      if (refused && streams[1]) wire.retry.unshift(streams.slice(0, half), streams.slice(half));
      else
        this.#drop(
          streams.filter((s) => this.subs.status(s)),
          refused
            ? // the same refusal, naming its stream (stream control replies carry no status or rate limits)
              new BinanceError(error.rpcCode, error.rpcMessage, { error: { data: error.data } }, error.method, streams)
            : error.code === 'request_timeout'
              ? new RequestError(
                  'request_timeout',
                  `SUBSCRIBE ${streamList(streams)} unanswered in ${this.o.requestTimeout} ms (requestTimeout); an UNSUBSCRIBE follows`,
                  { sent: true, cause: error },
                )
              : error,
        );
    }
    this.#schedule(wire);
  }

  /** Resolves once no socket has anything waiting or unanswered (e.g. a restore has been answered). */
  #settled(): Promise<void> {
    return new Promise((resolve) => {
      this.#idle.push(resolve);
      this.#check();
    });
  }

  /** Settles `#settled()` once no socket has anything waiting or unanswered (or no connection to send it on). */
  #check(): void {
    const quiet = (wire: Wire): unknown =>
      !W.up(wire) || (wire.flying.size + wire.leaving === 0 && !W.control(wire, this.subs.list(), this.o.batch));
    if (this.#wires().every(quiet)) for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Forgets streams after a refusal or a timeout; reported on `error` when no `subscribe()` waits for them. */
  #drop(streams: readonly string[], error: ZenError): void {
    if (streams.length === 0) return;
    this.subs.remove(streams, error);
    if (this.#host.forget(streams, error)) this.#host.emit('error', error);
    if (this.subs.size === 0) this.#host.gone(this);
  }

  #fail(error: ZenError): void {
    if (this.#closed) return;
    const url = this.#wire?.url;
    // an HTTP 400 on the upgrade: Binance refused a stream of the URL
    if (error instanceof ConnectionError && error.status === 400 && url?.[0])
      error.message = `Binance refused the URL of ${streamList(url)} (HTTP 400): an unknown stream, or too many`;
    this.#host.gone(this, error); // rejects the calls waiting, then closes this connection
  }

  async #rotate(old: Wire, next: Wire, reason: Reason): Promise<void> {
    try {
      await W.openWire(next, this.o, this);
      await this.#settled();
      await this.#list(old).catch(W.noop); // the barrier
    } catch (error) {
      // (after a close() too, which leaves nothing here to keep)
      this.#next = this.#done = this.#seen = undefined;
      this.#buffer = [];
      await this.#shut(next, error);
      if (!this.#closed) this.#host.emit('error', error as ZenError);
      return;
    }
    if (this.#next !== next) return;
    const buffer = this.#buffer;
    this.#buffer = [];
    this.#wire = next;
    this.#next = this.#done = undefined;
    this.#grace = this.o.clock.setTimeout(() => this.#endGrace(), W.GRACE_MS);
    this.#schedule(next);
    for (const frame of buffer) this.receive(next, frame);
    await this.#shut(old, new AbortError('aborted', 'Rotated'));
    this.#host.emit('rotate', { connection: this.id, reason });
  }

  /** The end of the grace after a switch (or a rotation or close starting): nothing more is dropped. */
  #endGrace(): void {
    if (this.#next) return;
    this.o.clock.clearTimeout(this.#grace);
    this.#seen = undefined;
  }
}
