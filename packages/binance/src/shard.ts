import { AbortError, type Client, connect, RequestError, telemetry, type ZenError } from '@zen-websocket/core';
import { Subscriptions } from '@zen-websocket/core/internal';
import { binanceProtocol } from './protocol.js';
import { type RollingWindow, rollingWindow } from './rolling-window.js';
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
}

/** One WebSocket connection of a shard: a core client that reconnects by itself, and its own limiter. */
export interface Conn {
  client?: Client;
  /** Streams the server has on the current connection: from the URL, or a SUBSCRIBE already sent. */
  sent: Set<string>;
  readonly limiter: RollingWindow;
  readonly abort: AbortController;
  /** Timers of the open connection: [quiet-line probe, scheduled rotation]. */
  timers: unknown[];
}

type Reason = BinanceStreamsEvents['rotate']['reason'];

/** A group of at most `maxStreamsPerConnection` streams, served by one connection at a time. */
export interface Shard {
  readonly id: number;
  /** The desired streams and whether each is confirmed on the live connection. */
  readonly subs: Subscriptions;
  readonly live: Conn | undefined;
  /** Adds streams; resolves once the server has them (URL or SUBSCRIBE reply); rejects on refusal or timeout. */
  subscribe(streams: string[]): Promise<void>;
  /** Removes streams at once and tells the server when connected. */
  unsubscribe(streams: string[]): Promise<void>;
  /** `LIST_SUBSCRIPTIONS` on the live connection. */
  list(): Promise<string[]>;
  /** Replaces the live connection make-before-break; one rotation at a time. */
  rotate(reason: Reason): Promise<void>;
  close(): Promise<void>;
}

const MAX_BUFFER = 20_000;
const GRACE_MS = 5000;

/** The URL of a connection carrying `streams`. */
const urlOf = (o: StreamsSettings, streams: string[]): string => {
  const list = streams.join('/');
  return o.raw ? `${o.base}/ws${list && `/${list}`}` : `${o.base}/stream${list && `?streams=${list}`}`;
};

/** Errors after which the server no longer has the connection's streams anyway. */
const lost = (error: unknown): boolean =>
  /^(disconnected|not_connected|closed|aborted)$/.test((error as ZenError).code);

/**
 * A shard. Every (re)connect puts the streams that fit in the URL, so nothing needs re-subscribing; the rest
 * are subscribed in batches through the connection's limiter. A rotation opens the next connection,
 * subscribes what did not fit its URL, then sends a barrier (`LIST_SUBSCRIPTIONS`) on the old one: its reply
 * proves the old connection has handed over every frame sent before the next one opened. Until then frames
 * come from the old connection (and are remembered) while the next one's are buffered; after the switch,
 * frames the old one already delivered are dropped.
 */
export function createShard(id: number, host: ShardHost): Shard {
  const { o } = host;
  const { clock } = o;
  const subs = new Subscriptions(clock, telemetry);
  let live: Conn | undefined;
  let next: Conn | undefined;
  let rotating: Promise<void> | undefined;
  let buffer: unknown[] = [];
  const seen = new Set<string>();
  let grace: unknown;
  let closed = false;

  const up = (c: Conn | undefined): boolean => c?.client?.getState() === 'connected';

  /** A control message through the limiter; `params` may be a function run when the slot comes (undefined: skip). */
  const send = (c: Conn, method: string, params?: unknown): Promise<unknown> =>
    c.limiter.run(() => {
      const p = typeof params === 'function' ? params() : params;
      if (typeof params === 'function' && p === undefined) return undefined;
      return (c.client as Client).request(method, p);
    });

  const disarm = (c: Conn): void => {
    for (const timer of c.timers) clock.clearTimeout(timer);
    c.timers = [];
  };

  /** Timers of an open connection: the quiet-line probe and the scheduled rotation. */
  const arm = (c: Conn): void => {
    disarm(c);
    let lastIn = -1;
    const probe = (): void => {
      const seenIn = c.client?.getStateMetrics().messagesIn;
      if (seenIn === lastIn) send(c, 'LIST_SUBSCRIPTIONS').catch(() => {});
      lastIn = seenIn ?? -1;
      c.timers[0] = clock.setTimeout(probe, o.interval / 2);
    };
    if (o.probe) c.timers[0] = clock.setTimeout(probe, o.interval / 2);
    const { rotation } = o;
    if (rotation) {
      const at = rotation.after + o.random() * rotation.window;
      c.timers[1] = clock.setTimeout(() => c === live && shard.rotate('scheduled').catch(() => {}), at);
    }
  };

  const fail = (error: ZenError): void => {
    if (closed) return;
    const streams = subs.list();
    subs.rejectAll(error);
    void shard.close();
    host.forget(streams);
    host.failed(shard, error);
  };

  /** One SUBSCRIBE for those of `streams` still desired and not yet on `c`, decided when the slot comes. */
  const add = async (c: Conn, streams: string[], restoring: boolean): Promise<void> => {
    let todo: string[] = [];
    try {
      await send(c, 'SUBSCRIBE', () => {
        todo = streams.filter((s) => subs.status(s) !== undefined && !c.sent.has(s));
        for (const s of todo) c.sent.add(s);
        return todo.length > 0 ? todo : undefined;
      });
      if (c === live) subs.confirm(todo);
    } catch (error) {
      for (const s of todo) c.sent.delete(s);
      if (lost(error) || todo.length === 0) return; // back through the URL of the next connection
      subs.remove(todo, error as ZenError);
      host.forget(todo);
      if (restoring) host.emit('error', error as ZenError);
    }
  };

  /** Subscribes, in batches, the desired streams the connection does not have. */
  const restore = async (c: Conn): Promise<void> => {
    const missing = subs.list().filter((s) => !c.sent.has(s));
    const batches = [];
    for (let i = 0; i < missing.length; i += o.batch) batches.push(add(c, missing.slice(i, i + o.batch), true));
    await Promise.all(batches);
  };

  /** One UNSUBSCRIBE for those of `streams` the connection has and nobody wants any more. */
  const remove = async (c: Conn, streams: string[]): Promise<void> => {
    try {
      if (up(c))
        await send(c, 'UNSUBSCRIBE', () => {
          const todo = streams.filter((s) => c.sent.has(s) && subs.status(s) === undefined);
          for (const s of todo) c.sent.delete(s);
          return todo.length > 0 ? todo : undefined;
        });
    } catch (error) {
      if (!lost(error)) throw error;
    }
  };

  const receive = (c: Conn, frame: unknown): void => {
    if (c === next) {
      if (buffer.length < MAX_BUFFER) buffer.push(frame);
    } else if (c === live) {
      if (next) seen.add(JSON.stringify(frame));
      else if (seen.size > 0 && seen.delete(JSON.stringify(frame))) return;
      host.deliver(shard, frame);
    }
  };

  /** The desired streams that fit in the URL, in the order first subscribed. */
  const urlStreams = (): string[] => {
    const out: string[] = [];
    let length = o.base.length + 20;
    for (const stream of subs.list()) {
      length += stream.length + 1;
      if (length > o.maxUrl) break;
      out.push(stream);
    }
    return out;
  };

  /** A new connection (not yet open). */
  const conn = (): Conn => ({
    sent: new Set(),
    limiter: rollingWindow({ limit: o.messages, windowMs: o.windowMs, maxQueue: o.maxQueue, clock }),
    abort: new AbortController(),
    timers: [],
  });

  /** Connects `c`, retrying per the options; resolves once its first connection is open. */
  const open = async (c: Conn): Promise<void> => {
    let used: string[] = [];
    const url = (): string => {
      used = urlStreams();
      return urlOf(o, used);
    };
    o.connect.signal?.addEventListener('abort', () => c.abort.abort(), { once: true });
    const client = await connect(url, {
      retryCount: Number.POSITIVE_INFINITY,
      ...o.connect,
      socketFactory: o.socketFactory,
      protocol: binanceProtocol(),
      restoreSubscriptions: false,
      requestTimeout: o.requestTimeout,
      heartbeat: { type: 'binance', interval: o.interval, timeout: o.timeout },
      classify: o.classify,
      signal: c.abort.signal,
      handler: (m) => m.type === 'message' && receive(c, m.data),
      onConnect: (client) => {
        c.client = client;
        c.sent = new Set(used);
        arm(c);
        if (c !== live) return;
        subs.confirm(used);
        void restore(c);
      },
      onDisconnect: () => {
        c.sent.clear();
        disarm(c);
        if (c === live) subs.markAllPending();
      },
    });
    client.on('state', (change) => {
      if (c !== live) return;
      host.emit('state', { ...change, connection: id });
      if (change.to === 'disconnected' && change.error) fail(change.error);
    });
  };

  const shut = async (c: Conn | undefined, error: unknown): Promise<void> => {
    if (!c) return;
    disarm(c);
    c.limiter.clear(error);
    c.abort.abort();
    await c.client?.close();
  };

  const rotate = async (old: Conn, reason: Reason): Promise<void> => {
    const fresh = conn();
    next = fresh;
    seen.clear();
    try {
      await open(fresh);
      await restore(fresh);
      await send(old, 'LIST_SUBSCRIPTIONS').catch(() => {}); // the barrier
    } catch (error) {
      next = undefined;
      buffer = [];
      seen.clear();
      await shut(fresh, error);
      if (!closed) host.emit('error', error as ZenError);
      return;
    }
    if (closed) return;
    live = fresh;
    next = undefined;
    subs.confirm([...fresh.sent]);
    remove(fresh, [...fresh.sent]).catch((error: ZenError) => host.emit('error', error));
    void restore(fresh);
    const held = buffer;
    buffer = [];
    for (const frame of held) receive(fresh, frame);
    clock.clearTimeout(grace);
    grace = clock.setTimeout(() => seen.clear(), GRACE_MS);
    await shut(old, new AbortError('aborted', 'Rotated'));
    host.emit('rotate', { connection: id, reason });
  };

  const shard: Shard = {
    id,
    subs,
    get live() {
      return live;
    },
    subscribe(streams) {
      subs.add(streams);
      const waiter = subs.waitFor(
        streams,
        o.requestTimeout,
        () => new RequestError('request_timeout', `${streams} not confirmed in ${o.requestTimeout} ms`, { sent: true }),
      );
      if (!live) {
        live = conn();
        open(live).catch(fail);
      } else if (up(live)) void add(live, streams, false);
      return waiter.catch((error: ZenError) => {
        const stale = streams.filter((s) => subs.status(s) === 'pending');
        subs.remove(stale, error);
        host.forget(stale);
        throw error;
      });
    },
    async unsubscribe(streams) {
      subs.remove(streams, new AbortError('aborted', `Unsubscribed from ${streams}`));
      await Promise.all([live, next].map((c) => c && remove(c, streams)));
    },
    async list() {
      return ((live && (await send(live, 'LIST_SUBSCRIPTIONS'))) as string[] | undefined) ?? [];
    },
    rotate(reason) {
      if (closed || !live || !up(live)) return rotating ?? Promise.resolve();
      rotating ??= rotate(live, reason).finally(() => {
        rotating = undefined;
      });
      return rotating;
    },
    async close() {
      closed = true;
      const error = new AbortError('aborted', 'Streams closed');
      subs.rejectAll(error);
      subs.clear();
      clock.clearTimeout(grace);
      await Promise.all([shut(live, error), shut(next, error)]);
    },
  };
  return shard;
}
