import { type Client, connect, RequestError, type StateChange, type ZenError } from '@zen-websocket/core';
import type { EventHub, Subscriptions } from '@zen-websocket/core/internal';
import type { StreamConnection } from './connection.js';
import { defined } from './defaults.js';
import { binanceProtocol } from './protocol.js';
import type { BinanceStreamsEvents, StreamsSettings } from './types.js';

/** A `LIST_SUBSCRIPTIONS` waiting for its slot: its promise's resolve and reject. */
export type Job = [resolve: (value: unknown) => void, reject: (error: unknown) => void];

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

/** What a connection needs from the streams object that owns it: its events hub, and these. */
export interface StreamsHost extends EventHub<BinanceStreamsEvents> {
  readonly o: StreamsSettings;
  deliver(connection: StreamConnection, frame: unknown): void;
  /**
   * Streams dropped (refused, timed out, given up): forget their handlers and reject with `error` the
   * `subscribe()` calls waiting for any of them; true when one of them has no call waiting (report it on `error`).
   */
  forget(streams: readonly string[], error: ZenError): boolean;
  /** Streams confirmed: resolves the `subscribe()` calls whose every stream is now confirmed. */
  settle(): void;
  /**
   * The connection is no longer needed (every stream dropped) or gave up (`error`): remove and close it, and
   * forget the handlers of the streams it still has.
   */
  gone(connection: StreamConnection, error?: ZenError): void;
}

export type Reason = BinanceStreamsEvents['rotate']['reason'];

/** At most this many frames of the next socket are held while it is being opened (a rotation). */
export const MAX_BUFFER = 20_000;
/** How long after a switch frames the old socket delivered are looked for (and dropped) on the new one. */
export const GRACE_MS = 5000;
export const noop = (): void => {};

/** A frame, decided when its slot comes: its method and streams (none: a `LIST_SUBSCRIPTIONS`, the first job). */
export type Frame = [method: string, params?: string[]];

/** What a wire tells the connection that owns it. */
export interface WireEvents {
  /** The wanted streams (in the order first subscribed: `subs.list()`). */
  readonly subs: Subscriptions;
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
    // the wanted streams that fit in the URL
    let length = o.base.length + 20;
    wire.url = on.subs.list().filter((stream) => {
      length += stream.length + 1;
      return length <= o.maxUrlLength; // once over, it stays over: a prefix of the wanted streams
    });
    const list = wire.url.join('/');
    return o.raw ? `${o.base}/ws${list && `/${list}`}` : `${o.base}/stream${list && `?streams=${list}`}`;
  };
  o.connect.signal?.addEventListener('abort', () => wire.abort.abort(), { once: true });
  const client = await connect(url, {
    retryCount: Infinity,
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

/** Whether the wire's socket is open and not being shut. */
export const up = (wire: Wire): boolean => !wire.abort.signal.aborted && wire.client?.getState() === 'connected';

/**
 * The next SUBSCRIBE or UNSUBSCRIBE of `wire`, decided now: streams no longer wanted first, then a half of a
 * refused frame, then every wanted stream not on the socket (at most `batch` a frame). Nothing when nothing is left.
 */
export function control(wire: Wire, wanted: readonly string[], batch: number): Frame | undefined {
  const [gone, fresh] = diff(wire, wanted);
  if (gone.length > 0) return ['UNSUBSCRIBE', gone.slice(0, batch)];
  while (wire.retry[0] && fresh(wire.retry[0]).length === 0) wire.retry.shift();
  const params = wire.retry[0] ? fresh(wire.retry[0]) : fresh(wanted).slice(0, batch);
  return params.length > 0 ? ['SUBSCRIBE', params] : undefined;
}

/** The streams `wire` carries that are no longer wanted, and a filter keeping the wanted ones it does not carry. */
function diff(wire: Wire, wanted: readonly string[]): [string[], (list: readonly string[]) => string[]] {
  const want = new Set(wanted);
  return [[...wire.sent].filter((s) => !want.has(s)), (list) => list.filter((s) => want.has(s) && !wire.sent.has(s))];
}

/** Frames `wire` has waiting for the limiter (a row of `connections()`). */
export function queued(wire: Wire, wanted: readonly string[], batch: number): number {
  const [gone, fresh] = diff(wire, wanted);
  return [gone, fresh(wanted)].reduce(
    (n, list) => n + Math.ceil(list.length / batch),
    wire.jobs.length + wire.retry.length,
  );
}

/** Whether a reply's streams belong to the socket's current connection (one after a drop changes nothing). */
export function landed(wire: Wire, streams: readonly string[]): boolean {
  return streams.map((s) => wire.flying.delete(s)).includes(true);
}

/** A request error for a control message that was never written. */
export function notSent(
  message: string,
  code: 'not_connected' | 'disconnected' | 'overflow' | 'request_timeout',
): RequestError {
  return new RequestError(code, message, { sent: false });
}
