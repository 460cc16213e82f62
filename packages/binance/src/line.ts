import { type Client, type Clock, connect, RequestError, type StateChange, type ZenError } from '@zen-websocket/core';
import { createRateLimiter, type RateLimiter } from '@zen-websocket/core/limiter';
import { passThrough } from './defaults.js';
import { BinanceError, streamList } from './errors.js';
import { binanceProtocol } from './protocol.js';
import type { StreamsSettings } from './types.js';

/** What a line needs from the shard that owns it. */
export interface LineHost {
  readonly o: StreamsSettings;
  /** Whether `stream` is still desired. */
  wanted(stream: string): boolean;
  /** The streams the URL of the next attempt carries. */
  urlStreams(): string[];
  /** Binance has these streams on `line` (URL or SUBSCRIBE reply). */
  confirmed(line: Line, streams: readonly string[]): void;
  /** Binance refused these streams, or did not answer their SUBSCRIBE in time. */
  refused(line: Line, streams: readonly string[], error: ZenError): void;
  receive(line: Line, frame: unknown): void;
  /** The line (re)connected: `sent` holds the streams of its URL. */
  opened(line: Line): void;
  /** The line's connection dropped (it reconnects by itself). */
  dropped(line: Line): void;
  changed(line: Line, change: StateChange): void;
  /** The line's scheduled rotation is due. */
  rotateDue(line: Line): void;
}

interface Job {
  method: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Errors after which the server no longer has the connection's streams anyway. */
export const lost = (error: unknown): boolean =>
  /^(disconnected|not_connected|closed|aborted)$/.test((error as ZenError).code);

/**
 * One WebSocket connection of a shard: a core client that reconnects by itself, and its control messages.
 * Control messages are paced by a strict rolling window (core's limiter); a slot is taken only when a frame
 * actually goes out. Streams waiting to be subscribed are merged into the next SUBSCRIBE (at most `batch` a
 * frame), decided when the slot comes, so waiting costs nothing and a stream that is no longer wanted (or came
 * back through the URL) never uses a slot. A SUBSCRIBE's deadline runs from the moment it is written.
 */
export class Line {
  client: Client | undefined;
  /** Streams Binance has, or will have, on the current connection: from its URL or a SUBSCRIBE written. */
  sent = new Set<string>();
  /** Streams in a SUBSCRIBE written but not answered yet. */
  readonly flying = new Set<string>();
  /** Streams waiting for the next SUBSCRIBE / UNSUBSCRIBE. */
  readonly toAdd = new Set<string>();
  readonly toRemove = new Set<string>();
  /** Refused multi-stream frames split in halves, each sent alone, to find the stream Binance refuses. */
  readonly #retry: string[][] = [];
  readonly #jobs: Job[] = [];
  readonly #idle: Array<() => void> = [];
  readonly limiter: RateLimiter;
  readonly abort = new AbortController();
  readonly #host: LineHost;
  readonly #clock: Clock;
  /** The streams the URL of the current (or last) attempt carried. */
  #used: string[] = [];
  /** UNSUBSCRIBE frames written but not answered yet. */
  #leaving = 0;
  #pumping: unknown;
  #probe: unknown;
  #rotation: unknown;

  constructor(host: LineHost) {
    this.#host = host;
    const { messages, windowMs, clock } = host.o;
    this.#clock = clock;
    this.limiter = createRateLimiter({
      capacity: messages,
      refillRate: messages,
      refillInterval: windowMs,
      window: { limit: messages, intervalMs: windowMs },
      queue: false,
      name: 'binance_streams',
      clock,
    });
  }

  get up(): boolean {
    return this.client?.getState() === 'connected';
  }

  /** The streams the URL of the current (or last) attempt carried. */
  get used(): readonly string[] {
    return this.#used;
  }

  /** Frames waiting for the limiter. */
  get queued(): number {
    const frames = (n: number): number => Math.ceil(n / this.#host.o.batch);
    return this.#jobs.length + this.#retry.length + frames(this.toAdd.size) + frames(this.toRemove.size);
  }

  /** Whether `stream` is on its way: waiting for a SUBSCRIBE on an open connection, or in one written. */
  carries(stream: string): boolean {
    return (
      this.flying.has(stream) || (this.up && (this.toAdd.has(stream) || this.#retry.some((g) => g.includes(stream))))
    );
  }

  /** Queues a SUBSCRIBE for those of `streams` not on the connection; confirms those already there. */
  want(streams: readonly string[]): void {
    const there: string[] = [];
    for (const s of streams) {
      if (this.toRemove.delete(s)) this.sent.delete(s); // an UNSUBSCRIBE may follow: subscribe again after it
      if (!this.sent.has(s)) this.toAdd.add(s);
      else if (!this.flying.has(s)) there.push(s);
    }
    if (there.length > 0) this.#host.confirmed(this, there);
    this.#schedule();
  }

  /** Queues an UNSUBSCRIBE for those of `streams` the connection has. */
  drop(streams: readonly string[]): void {
    for (const s of streams) {
      this.toAdd.delete(s);
      if (this.sent.has(s)) this.toRemove.add(s);
    }
    this.#schedule();
  }

  /** A control request without params (`LIST_SUBSCRIPTIONS`), paced like the rest. */
  call(method: string): Promise<unknown> {
    if (!this.up) return Promise.reject(notSent(`${method}: not connected`, 'not_connected'));
    if (this.#jobs.length >= this.#host.o.maxQueue)
      return Promise.reject(notSent(`${method}: ${this.#jobs.length} control messages already waiting`, 'overflow'));
    return new Promise((resolve, reject) => {
      this.#jobs.push({ method, resolve, reject });
      this.#schedule();
    });
  }

  /** Resolves once nothing is waiting or unanswered (e.g. a restore has been answered). */
  settled(): Promise<void> {
    if (this.#quiet()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Connects, retrying per the options; resolves once the first connection is open. */
  async open(): Promise<void> {
    const { o } = this.#host;
    const url = (): string => {
      this.#used = this.#host.urlStreams();
      const list = this.#used.join('/');
      return o.raw ? `${o.base}/ws${list && `/${list}`}` : `${o.base}/stream${list && `?streams=${list}`}`;
    };
    o.connect.signal?.addEventListener('abort', () => this.abort.abort(), { once: true });
    const client = await connect(url, {
      retryCount: Number.POSITIVE_INFINITY,
      ...passThrough(o.connect),
      socketFactory: o.socketFactory,
      protocol: binanceProtocol(),
      restoreSubscriptions: false,
      requestTimeout: o.requestTimeout,
      heartbeat: { type: 'binance', interval: o.interval, timeout: o.timeout },
      classify: o.classify,
      signal: this.abort.signal,
      handler: (m) => m.type === 'message' && this.#host.receive(this, m.data),
      onConnect: (c) => {
        this.client = c;
        this.sent = new Set(this.#used);
        this.#arm();
        this.#host.opened(this);
      },
      onDisconnect: () => {
        this.#reset(notSent('The connection dropped before it was sent', 'disconnected'));
        this.#host.dropped(this);
      },
    });
    client.on('state', (change) => this.#host.changed(this, change));
  }

  /** Closes the connection for good; waiting messages reject with `error`. */
  async shut(error: unknown): Promise<void> {
    this.#reset(error);
    this.limiter.close();
    this.abort.abort();
    await this.client?.close();
  }

  /** After a drop: nothing is on the server any more; waiting work is recomputed on the next connection. */
  #reset(error: unknown): void {
    this.#disarm();
    if (this.#pumping !== true) this.#clock.clearTimeout(this.#pumping);
    this.#pumping = undefined;
    this.sent.clear();
    this.flying.clear();
    this.toAdd.clear();
    this.toRemove.clear();
    this.#retry.length = 0;
    for (const job of this.#jobs.splice(0)) job.reject(error);
    this.#check();
  }

  /** Nothing waiting or unanswered, or no connection to send it on. */
  #quiet(): boolean {
    return (
      !this.up || this.flying.size + this.toAdd.size + this.toRemove.size + this.#retry.length + this.#leaving === 0
    );
  }

  #check(): void {
    if (this.#quiet()) for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Pumps on the next microtask, so the calls of one tick share a frame. */
  #schedule(): void {
    if (this.#pumping !== undefined) return;
    this.#pumping = true;
    queueMicrotask(() => {
      if (this.#pumping === true) this.#pump();
    });
  }

  /** Sends what the limiter allows now; waits (a timer) for the next slot when more is waiting. */
  #pump(): void {
    this.#pumping = undefined;
    for (let frame = this.#next(); frame && this.up; frame = this.#next()) {
      if (!this.limiter.tryAcquire(frame)) {
        const wait = Math.max(1, this.limiter.status().suggestedDelayMs);
        this.#pumping = this.#clock.setTimeout(() => this.#pump(), wait);
        return;
      }
      this.#write(frame);
    }
    this.#check();
  }

  /** The next frame to send, decided now (nothing when nothing is left to do). */
  #next(): { method: string; params?: string[]; job?: Job } | undefined {
    const { batch } = this.#host.o;
    const job = this.#jobs[0];
    if (job) return { method: job.method, job };
    for (const s of this.toRemove) if (!this.sent.has(s) || this.#host.wanted(s)) this.toRemove.delete(s);
    if (this.toRemove.size > 0) return { method: 'UNSUBSCRIBE', params: [...this.toRemove].slice(0, batch) };
    const fresh = (list: Iterable<string>): string[] =>
      [...list].filter((s) => this.#host.wanted(s) && !this.sent.has(s));
    while (this.#retry.length > 0) {
      const group = fresh(this.#retry[0] as string[]);
      if (group.length > 0) return { method: 'SUBSCRIBE', params: group };
      this.#retry.shift();
    }
    const add: string[] = [];
    for (const s of this.toAdd) {
      if (!this.#host.wanted(s) || this.sent.has(s))
        this.toAdd.delete(s); // came back through the URL, or dropped
      else if (add.length < batch) add.push(s);
    }
    return add.length > 0 ? { method: 'SUBSCRIBE', params: add } : undefined;
  }

  #write(frame: { method: string; params?: string[]; job?: Job }): void {
    const client = this.client as Client;
    const { method, params, job } = frame;
    if (job) {
      this.#jobs.shift();
      client.request(method).then(job.resolve, job.reject);
      return;
    }
    const streams = params as string[];
    if (method === 'UNSUBSCRIBE') {
      for (const s of streams) {
        this.toRemove.delete(s);
        this.sent.delete(s);
      }
      this.#leaving++;
      // Refused or lost, the stream is gone either way.
      const done = (): void => {
        this.#leaving--;
        this.#check();
      };
      client.request(method, streams).then(done, done);
      return;
    }
    if (this.#retry[0]?.some((s) => streams.includes(s))) this.#retry.shift();
    for (const s of streams) {
      this.toAdd.delete(s);
      this.sent.add(s);
      this.flying.add(s);
    }
    client.request(method, streams).then(
      () => this.#answered(streams),
      (error: ZenError) => this.#failed(streams, error),
    );
  }

  /** A SUBSCRIBE reply: confirm what is still wanted; what is not (unsubscribed, timed out) is unsubscribed. */
  #answered(streams: string[]): void {
    if (!this.#landed(streams)) return;
    const wanted = streams.filter((s) => this.#host.wanted(s));
    this.#host.confirmed(this, wanted);
    this.drop(streams.filter((s) => !wanted.includes(s)));
    this.#check();
  }

  /** Whether the streams' frame belongs to the current connection (a reply after a drop changes nothing). */
  #landed(streams: string[]): boolean {
    let mine = false;
    for (const s of streams) mine = this.flying.delete(s) || mine;
    return mine;
  }

  #failed(streams: string[], error: ZenError): void {
    if (lost(error) || !this.#landed(streams)) return this.#check(); // back through the next URL
    if (error instanceof BinanceError && streams.length > 1) {
      // One bad name refuses the whole frame: send each half alone to find it, the good ones still go.
      for (const s of streams) this.sent.delete(s);
      const half = Math.ceil(streams.length / 2);
      this.#retry.unshift(streams.slice(0, half), streams.slice(half));
      return this.#schedule();
    }
    if (error instanceof BinanceError) for (const s of streams) this.sent.delete(s);
    // Unanswered in time: Binance may still subscribe them, so an UNSUBSCRIBE follows (they stay in `sent`).
    this.#host.refused(this, streams, named(error, streams, this.#host.o.requestTimeout));
    this.drop(streams.filter((s) => !this.#host.wanted(s)));
    this.#check();
  }

  /** Timers of an open connection: the quiet-line probe and the scheduled rotation. */
  #arm(): void {
    this.#disarm();
    const { o } = this.#host;
    let lastIn = -1;
    const probe = (): void => {
      const seenIn = this.client?.getStateMetrics().messagesIn;
      if (seenIn === lastIn) this.call('LIST_SUBSCRIPTIONS').catch(() => {});
      lastIn = seenIn ?? -1;
      this.#probe = this.#clock.setTimeout(probe, o.interval / 2);
    };
    if (o.probe) this.#probe = this.#clock.setTimeout(probe, o.interval / 2);
    if (o.rotation) {
      const at = o.rotation.after + o.random() * o.rotation.window;
      this.#rotation = this.#clock.setTimeout(() => this.#host.rotateDue(this), at);
    }
  }

  #disarm(): void {
    this.#clock.clearTimeout(this.#probe);
    this.#clock.clearTimeout(this.#rotation);
    this.#probe = this.#rotation = undefined;
  }
}

/** The error of refused or unanswered streams, naming them. */
function named(error: ZenError, streams: readonly string[], timeoutMs: number): ZenError {
  if (error instanceof BinanceError) return error.withStreams(streams);
  if (error.code !== 'request_timeout') return error;
  return new RequestError(
    'request_timeout',
    `SUBSCRIBE ${streamList(streams)} not answered within ${timeoutMs} ms of being sent; an UNSUBSCRIBE follows, so Binance does not keep streams the adapter has dropped`,
    { sent: true, cause: error },
  );
}

function notSent(message: string, code: 'not_connected' | 'disconnected' | 'overflow'): RequestError {
  return new RequestError(code, message, { sent: false });
}
