import type { BookGap, ChannelHandler } from './types.js';

/** Routes notifications to per-channel handlers and keeps incremental books continuous. */
export interface Router {
  add(channels: readonly string[], handler?: ChannelHandler<never>): void;
  remove(channels: readonly string[], handler?: ChannelHandler<never>): void;
  /** The connection dropped: every book waits for the snapshot its restored subscription brings. */
  reset(): void;
  /** A core `message` event. */
  route(message: unknown): void;
}

interface Notification {
  method?: unknown;
  params?: { channel?: unknown; data?: { type?: unknown; change_id?: unknown; prev_change_id?: unknown } };
}

/** `last` value of a book that waits for a snapshot: changes are dropped until one arrives. */
const WAITING = -1;

/**
 * Creates a router. `onGap` is called once per gap (a `change` whose `prev_change_id` is not the last
 * `change_id`); the caller resubscribes, and the book's changes are dropped until the fresh snapshot.
 */
export function createRouter(onGap: (gap: BookGap) => void): Router {
  const handlers = new Map<string, Set<ChannelHandler<never>>>();
  const last = new Map<string, number>();

  /** Whether book `data` on `channel` may be delivered (incremental books only; other data always may). */
  const continuous = (channel: string, data: NonNullable<Notification['params']>['data']): boolean => {
    const id = data?.change_id;
    if (typeof id !== 'number' || (data?.type !== 'snapshot' && data?.type !== 'change')) return true;
    // channels subscribed around the router (an order book through the core) keep their own checks
    const expected = last.get(channel);
    if (expected === undefined) return true;
    if (data.type === 'snapshot' || data.prev_change_id === expected) {
      last.set(channel, id);
      return true;
    }
    if (expected !== WAITING) {
      last.set(channel, WAITING);
      onGap({ channel, expected, received: Number(data.prev_change_id) });
    }
    return false;
  };

  return {
    add(channels, handler) {
      for (const c of channels) {
        if (!last.has(c)) last.set(c, WAITING);
        if (!handler) continue;
        const set = handlers.get(c) ?? new Set();
        handlers.set(c, set.add(handler));
      }
    },
    remove(channels, handler) {
      for (const c of channels) {
        if (handler) handlers.get(c)?.delete(handler);
        else {
          handlers.delete(c);
          last.delete(c);
        }
      }
    },
    reset() {
      for (const c of last.keys()) last.set(c, WAITING);
    },
    route(message) {
      const { method, params } = (message ?? {}) as Notification;
      const channel = params?.channel;
      if (method !== 'subscription' || typeof channel !== 'string' || !continuous(channel, params?.data)) return;
      callEach(handlers.get(channel), params?.data as never, channel); // a throw: the core's handler_error
    },
  };
}

/** Calls every handler with `args`; a throw does not stop the others, and the first is rethrown at the end. */
export function callEach<A extends unknown[]>(handlers: Iterable<(...args: A) => void> = [], ...args: A): void {
  let failure: unknown;
  for (const handler of handlers) {
    try {
      handler(...args);
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}
