import type { StateMetrics } from '../client-types.js';
import { asyncDispose } from '../dispose.js';
import type { Unsubscribe } from '../events.js';
import type { FeedMonitor } from './monitor.js';

type Fn = (...args: never[]) => unknown;

/**
 * Wraps a venue client object in place, from outside the client: channels are watched once subscribed and
 * forgotten when unsubscribed, `getStateMetrics()` gains `feeds` (and `clockOffsetMs`, `clockOffsetSource`), `on('stale' | 'fresh')`
 * reach the monitor, `close()` (and `await using`) also stops its timers and calls `off` (one or a list). The three adapters share it.
 *
 * @example
 * withFeeds(client, monitor, core.on('message', onMessage));
 */
export function withFeeds(
  client: Record<string | symbol, unknown>,
  monitor: FeedMonitor,
  off: Unsubscribe | readonly Unsubscribe[],
): void {
  const subscribe = client.subscribe as (...args: unknown[]) => Promise<string[]>;
  const unsubscribe = client.unsubscribe as (channels: string | readonly string[]) => Promise<void>;
  const metrics = client.getStateMetrics as (() => StateMetrics) | undefined;
  const on = client.on as (type: string, handler: Fn) => Unsubscribe;
  const close = client.close as () => Promise<void>;
  client.subscribe = async (...args: unknown[]) => {
    const done = await subscribe(...args);
    for (const channel of done) monitor.watch(channel);
    return done;
  };
  client.unsubscribe = async (channels: string | readonly string[]) => {
    for (const channel of typeof channels === 'string' ? [channels] : channels) monitor.unwatch(channel);
    await unsubscribe(channels);
  };
  client.getStateMetrics = () => ({
    ...(metrics?.() ?? {}),
    clockOffsetMs: monitor.offset(),
    clockOffsetSource: monitor.offsetSource(),
    feeds: monitor.snapshot(),
  });
  client.on = (type: string, handler: Fn) =>
    type === 'stale' || type === 'fresh' ? monitor.on(type, handler as never) : on(type, handler);
  client.close = async () => {
    for (const stop of typeof off === 'function' ? [off] : off) stop();
    monitor.close();
    await close();
  };
  client[asyncDispose] = client.close;
}
