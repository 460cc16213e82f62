import {
  type Client,
  type Clock,
  ConnectionError,
  connect,
  RequestError,
  type StateChange,
  type ZenError,
} from '@zen-websocket/core';
import { defined } from './defaults.js';
import { BinanceError, streamList } from './errors.js';
import { binanceProtocol } from './protocol.js';
import type { StreamsSettings } from './types.js';

/** A control request without params (`LIST_SUBSCRIPTIONS`) waiting for the limiter. */
export interface Job {
  method: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * One socket of a stream connection (a core client that reconnects by itself, and its limiter), made per socket
 * and dropped whole when it is replaced (rotation) or closed. It records only what Binance has been told on it:
 * `sent` (the URL's streams, or a SUBSCRIBE written) and `flying` (a SUBSCRIBE not answered yet). What it still
 * has to subscribe (wanted but not sent) or unsubscribe (sent but no longer wanted) is derived from the
 * connection's wanted streams when a limiter slot comes ({@link control}), never queued.
 */
export interface Wire {
  client?: Client;
  readonly abort: AbortController;
  /** When the next frame may go out (clock ms): frames are `o.gap` ms apart at least (see {@link createWire}). */
  at: number;
  /** The streams the URL of the current (or last) attempt carried. */
  url: string[];
  readonly sent: Set<string>;
  readonly flying: Set<string>;
  /** Refused multi-stream frames split in halves, each sent alone, to find the stream Binance refuses. */
  readonly retry: string[][];
  readonly jobs: Job[];
  /** UNSUBSCRIBE frames written but not answered yet. */
  leaving: number;
  /** `undefined`: nothing due; `true`: a pump runs this microtask; else the timer of the next limiter slot. */
  pump?: unknown;
  /** The quiet-connection probe and the scheduled rotation. */
  timers: unknown[];
}

/** A frame, decided when its slot comes. */
export interface Frame {
  method: string;
  params?: string[];
  job?: Job;
}

/** What a wire tells the connection that owns it. */
export interface WireEvents {
  /** The wanted streams, in the order first subscribed. */
  wanted(): string[];
  receive(wire: Wire, frame: unknown): void;
  /** (Re)connected: `sent` holds the URL's streams. */
  opened(wire: Wire): void;
  /** The connection dropped (it reconnects by itself): `sent` is empty again. */
  dropped(wire: Wire): void;
  changed(wire: Wire, change: StateChange): void;
}

/**
 * A new wire. Its frames are paced, one per `o.gap` ms at most (`windowMs / messages` rounded up: 275 ms by
 * default), so any `windowMs` holds at most `messages` of them (a strict rolling window), and they are spread out,
 * never a burst: Binance counts frames when they arrive, and a burst read late (a loaded process, a TCP
 * retransmit) could land next to the following one inside one second and get the connection closed with 1008.
 */
export function createWire(): Wire {
  return {
    abort: new AbortController(),
    at: 0,
    url: [],
    sent: new Set(),
    flying: new Set(),
    retry: [],
    jobs: [],
    leaving: 0,
    timers: [],
  };
}

/** Connects `wire`, retrying per the options; resolves once its first connection is open. */
export async function openWire(wire: Wire, o: StreamsSettings, on: WireEvents): Promise<void> {
  const url = (): string => {
    wire.url = fits(on.wanted(), o);
    const list = wire.url.join('/');
    return o.raw ? `${o.base}/ws${list && `/${list}`}` : `${o.base}/stream${list && `?streams=${list}`}`;
  };
  o.connect.signal?.addEventListener('abort', () => wire.abort.abort(), { once: true });
  const client = await connect(url, {
    retryCount: Number.POSITIVE_INFINITY,
    ...defined(o.connect),
    socketFactory: o.socketFactory,
    protocol: binanceProtocol(),
    restoreSubscriptions: false,
    requestTimeout: o.requestTimeout,
    heartbeat: { type: 'binance', interval: o.interval, timeout: o.timeout },
    classify: o.classify,
    signal: wire.abort.signal,
    handler: (m) => m.type === 'message' && on.receive(wire, m.data),
    onConnect: (c) => {
      wire.client = c;
      for (const s of wire.url) wire.sent.add(s);
      on.opened(wire);
    },
    onDisconnect: () => on.dropped(wire),
  });
  client.on('state', (change) => on.changed(wire, change));
}

/** The streams of `wanted` that fit in the URL. */
function fits(wanted: readonly string[], o: StreamsSettings): string[] {
  const out: string[] = [];
  let length = o.base.length + 20;
  for (const stream of wanted) {
    length += stream.length + 1;
    if (length > o.maxUrlLength) break;
    out.push(stream);
  }
  return out;
}

/** Starts the timers of an open socket: the quiet-connection probe (`probe`) and the scheduled rotation (`due`). */
export function arm(wire: Wire, o: StreamsSettings, probe: () => void, due: () => void): void {
  let lastIn = -1;
  const quiet = (): void => {
    const seenIn = wire.client?.getStateMetrics().messagesIn;
    if (seenIn === lastIn) probe();
    lastIn = seenIn ?? -1;
    wire.timers[0] = o.clock.setTimeout(quiet, o.interval / 2);
  };
  wire.timers = [];
  if (o.probe) wire.timers[0] = o.clock.setTimeout(quiet, o.interval / 2);
  if (o.rotation) wire.timers[1] = o.clock.setTimeout(due, o.rotation.after + o.random() * o.rotation.window);
}

/** Whether the wire's socket is open and not being shut. */
export const up = (wire: Wire): boolean => !wire.abort.signal.aborted && wire.client?.getState() === 'connected';

/** Errors after which the server no longer has the connection's streams anyway. */
export const lost = (error: unknown): boolean =>
  /^(disconnected|not_connected|closed|aborted)$/.test((error as ZenError).code);

/**
 * The next SUBSCRIBE or UNSUBSCRIBE of `wire`, decided now: streams no longer wanted first, then a half of a
 * refused frame, then every wanted stream not on the socket (at most `batch` a frame). Nothing when nothing is left.
 */
export function control(wire: Wire, wanted: readonly string[], batch: number): Frame | undefined {
  const want = new Set(wanted);
  const gone = [...wire.sent].filter((s) => !want.has(s));
  if (gone.length > 0) return { method: 'UNSUBSCRIBE', params: gone.slice(0, batch) };
  const fresh = (list: readonly string[]): string[] => list.filter((s) => want.has(s) && !wire.sent.has(s));
  while (wire.retry[0] && fresh(wire.retry[0]).length === 0) wire.retry.shift();
  const params = wire.retry[0] ? fresh(wire.retry[0]) : fresh(wanted).slice(0, batch);
  return params.length > 0 ? { method: 'SUBSCRIBE', params } : undefined;
}

/** Frames `wire` has waiting for the limiter (a row of `connections()`). */
export function queued(wire: Wire, wanted: readonly string[], batch: number): number {
  const frames = (n: number): number => Math.ceil(n / batch);
  const missing = wanted.filter((s) => !wire.sent.has(s)).length;
  const gone = wire.sent.size - (wanted.length - missing);
  return wire.jobs.length + wire.retry.length + frames(missing) + frames(gone);
}

/** Sorts a SUBSCRIBE refusal: retried in halves (one bad name refuses the whole frame), or the error to report. */
export function refusal(wire: Wire, streams: string[], error: ZenError, timeoutMs: number): ZenError | undefined {
  if (!(error instanceof BinanceError)) {
    // Unanswered in time: Binance may still subscribe them, so they stay in `sent` and an UNSUBSCRIBE follows.
    return error.code !== 'request_timeout'
      ? error
      : new RequestError(
          'request_timeout',
          `SUBSCRIBE ${streamList(streams)} unanswered in ${timeoutMs} ms (requestTimeout); an UNSUBSCRIBE follows`,
          { sent: true, cause: error },
        );
  }
  for (const s of streams) wire.sent.delete(s);
  // the same refusal, naming its stream (stream control replies carry no status or rate limits)
  if (streams.length === 1)
    return new BinanceError(error.rpcCode, error.rpcMessage, { error: { data: error.data } }, error.method, streams);
  const half = Math.ceil(streams.length / 2);
  wire.retry.unshift(streams.slice(0, half), streams.slice(half));
  return undefined;
}

/** An HTTP 400 on the upgrade means Binance refused a stream of the URL: the error's message names them. */
export function refusedUrl(error: ZenError, url: readonly string[]): ZenError {
  if (error instanceof ConnectionError && error.status === 400 && url.length > 0)
    error.message = `Binance refused the URL of ${streamList(url)} (HTTP 400): an unknown stream, or too many`;
  return error;
}

/** Queues a control request without params (`LIST_SUBSCRIPTIONS`); the caller schedules the pump. */
export function call(wire: Wire, method: string, maxQueue: number): Promise<unknown> {
  if (!up(wire)) return Promise.reject(notSent(`${method}: not connected`, 'not_connected'));
  if (wire.jobs.length >= maxQueue)
    return Promise.reject(notSent(`${method}: ${wire.jobs.length} waiting (limit.maxQueue)`, 'overflow'));
  return new Promise((resolve, reject) => wire.jobs.push({ method, resolve, reject }));
}

/** A SUBSCRIBE of `streams` is written on `wire`. */
export function sending(wire: Wire, streams: readonly string[]): void {
  if (wire.retry[0]?.some((s) => streams.includes(s))) wire.retry.shift();
  for (const s of streams) {
    wire.sent.add(s);
    wire.flying.add(s);
  }
}

/** Whether a reply's streams belong to the socket's current connection (one after a drop changes nothing). */
export function landed(wire: Wire, streams: readonly string[]): boolean {
  let mine = false;
  for (const s of streams) mine = wire.flying.delete(s) || mine;
  return mine;
}

/** After a drop or for good: nothing is on the server any more, timers stop, waiting calls reject with `error`. */
export function reset(wire: Wire, clock: Clock, error: unknown): void {
  for (const timer of wire.timers) clock.clearTimeout(timer);
  if (wire.pump !== true) clock.clearTimeout(wire.pump);
  wire.pump = undefined;
  wire.sent.clear();
  wire.flying.clear();
  wire.retry.length = 0;
  for (const job of wire.jobs.splice(0)) job.reject(error);
}

/** A request error for a control message that was never written. */
export function notSent(message: string, code: 'not_connected' | 'disconnected' | 'overflow'): RequestError {
  return new RequestError(code, message, { sent: false });
}
