import { type Client, connect, type RequestOptions } from '@zen-websocket/core';
import type { LocalBook } from '@zen-websocket/core/book';
import { asyncDispose, systemClock } from '@zen-websocket/core/internal';
import type { AuthSession } from './auth.js';
import { createDeribitBook, type DeribitBookOptions } from './book.js';
import { callEach, createRouter } from './channels.js';
import { decide, deribitErrorKind } from './errors.js';
import { methods } from './methods.js';
import { resolve } from './options.js';
import { deribitPaper } from './paper.js';
import { deribitProtocol } from './protocol.js';
import type { BookGap, ChannelHandler, DeribitClient, DeribitOptions, Params } from './types.js';

/** Core methods the Deribit client passes through unchanged. */
const PASS = [
  'sendMessage',
  'getSubscriptions',
  'getState',
  'reconnect',
  'messages',
  'getLatencyStats',
  'getHeartbeatHealth',
  'getStateMetrics',
] as const;

/** On a book gap: resubscribe the channel (a fresh snapshot), then tell every `gap` handler; rethrows the first throw. */
function onGap(core: Client, handlers: ReadonlySet<(gap: BookGap) => void>): (gap: BookGap) => void {
  return (gap) => {
    core
      .unsubscribe(gap.channel)
      .catch(() => {})
      .then(() => core.subscribe(gap.channel))
      .catch(() => {}); // a failed resubscribe stays desired and is restored on the next connection
    callEach(handlers, gap);
  };
}

/**
 * Connects to Deribit and resolves once the first connection is ready: authenticated (when credentials are
 * given), heartbeats on, cancel-on-disconnect on (when asked). After every reconnect it redoes, in order:
 * authenticate → `public/set_heartbeat` → `private/enable_cancel_on_disconnect` → restore subscriptions →
 * `ready`. Orders are never replayed. Bad credentials reject with an `AuthError` (no reconnect loop).
 *
 * Without `socketFactory` it uses the runtime's global `WebSocket`; where there is none (Node 20) it rejects
 * with a `TypeError` naming `zen-websocket/deribit`, which re-exports this function with the runtime's socket.
 *
 * @example
 * import { createDeribitClient } from 'zen-websocket/deribit'; // or '@zen-websocket/deribit' with your socketFactory
 *
 * const deribit = await createDeribitClient({ clientId, clientSecret });
 * await deribit.subscribe('ticker.BTC-PERPETUAL.100ms', (t) => console.log(t.mark_price));
 * const { order } = await deribit.buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market' });
 * await deribit.close();
 */
export async function createDeribitClient(options: DeribitOptions = {}): Promise<DeribitClient> {
  const o = resolve(options);
  let slowDown = false;
  const protocol = deribitProtocol((error) => {
    if (deribitErrorKind(error) === 'backoff') slowDown = true;
  });
  const { credentials } = o;
  let auth: AuthSession | undefined; // once the login code is loaded
  // With credentials (and not paper: nothing private goes to the venue then), the login code loads while the
  // socket opens: its own chunk for bundlers, so public-data pages do not ship it.
  const authReady =
    !o.paper && credentials
      ? import('./auth.js').then((m) =>
          m.createAuth({
            credentials,
            mode: o.mode,
            scope: o.scope,
            clock: o.core.clock ?? systemClock,
            now: () => Date.now() + (protocol.offset() ?? 0),
          }),
        )
      : undefined;
  authReady?.catch(() => {}); // a load failure is reported by the first login
  const { prepare, classify } = o.core;

  const core = await connect(o.url, {
    ...o.core,
    // probe each interval; declare the line dead after one more silent interval (Deribit's own deadline)
    heartbeat: { type: 'deribit', interval: o.heartbeatInterval * 1000, timeout: o.heartbeatInterval * 1000 },
    protocol,
    async prepare(c) {
      auth?.stop();
      if (authReady) {
        auth = await authReady;
        if (o.mode === 'client_signature' && protocol.offset() === undefined) await c.request('public/get_time');
        await auth.login(c);
      }
      await c.request('public/set_heartbeat', { interval: o.heartbeatInterval });
      if (o.cancelOnDisconnect && !o.paper)
        await c.request('private/enable_cancel_on_disconnect', { scope: 'connection' });
      await prepare?.(c);
    },
    classify(error, decision) {
      const d = decide(error, decision, slowDown);
      slowDown = false;
      return classify ? classify(error, d) : d;
    },
  }).catch((error: unknown) => {
    auth?.stop(); // a login may have succeeded before a later step failed
    throw error;
  });

  const paper =
    o.paper &&
    (await deribitPaper(core, o.paper).catch(async (error: unknown) => {
      await core.close();
      throw error;
    }));
  const routes = paper || core; // paper: user.* channels to the engine
  const gapHandlers = new Set<(gap: BookGap) => void>();
  const router = createRouter(onGap(core, gapHandlers));
  core.on('message', router.route);
  paper?.onNotification(router.route);
  core.on('state', ({ to }) => {
    if (to === 'connected') return;
    router.reset();
    auth?.stop(); // no refresh while down: the next connection logs in afresh
  });

  const request = async <T>(method: string, params?: Params, options?: RequestOptions): Promise<T> => {
    if (paper?.handles(method)) return paper.request<T>(method, params);
    try {
      return await core.request<T>(method, params, options);
    } catch (error) {
      const session = auth; // loaded: the first connection logged in
      if (!session || method === 'public/auth' || deribitErrorKind(error) !== 'reauthenticate') throw error;
      await session.reauth(core);
      return core.request<T>(method, params, options);
    }
  };
  const list = (channels: string | readonly string[]): string[] => [channels].flat();
  const books = new Set<LocalBook>();
  const close = async () => {
    auth?.stop();
    paper?.close();
    await Promise.all([...books].map((book) => book.close()));
    await core.close();
  };

  const client: Record<string | symbol, unknown> = {
    ...methods(request),
    core,
    paper: Boolean(paper),
    get url() {
      return core.url;
    },
    authenticate: async () => {
      if (paper) return { expiresIn: 0, scope: 'paper' }; // paper: no login at the venue
      if (!authReady) throw new TypeError('authenticate(): createDeribitClient was given no clientId/clientSecret');
      return (await authReady).login(core);
    },
    request,
    async subscribe(
      channels: string | readonly string[],
      handler?: ChannelHandler<never>,
      options?: { timeout?: number },
    ) {
      const all = list(channels);
      router.add(all, handler);
      try {
        const parts: Array<Promise<string[]>> = [];
        for (let i = 0; i === 0 || i < all.length; i += 100)
          parts.push(routes.subscribe(all.slice(i, i + 100), options));
        return (await Promise.all(parts)).flat();
      } catch (error) {
        const kept = new Set(core.getSubscriptions().map((sub) => sub.channel));
        if (handler)
          router.remove(
            all.filter((c) => !kept.has(c)),
            handler,
          ); // refused channels only
        throw error;
      }
    },
    async unsubscribe(channels: string | readonly string[]) {
      const all = list(channels);
      router.remove(all);
      await routes.unsubscribe(all);
    },
    // biome-ignore lint/suspicious/noExplicitAny: one implementation behind the typed DeribitClient['on']
    on(type: string, handler: (payload: any) => void) {
      if (type !== 'gap') return core.on(type as 'error', handler);
      gapHandlers.add(handler);
      return () => gapHandlers.delete(handler);
    },
    getClockOffset: () => protocol.offset() ?? 0,
    orderBook(instrument: string, bookOptions?: DeribitBookOptions) {
      const book = createDeribitBook(core, instrument, bookOptions);
      books.add(book);
      return book;
    },
    close,
    [asyncDispose]: close,
  };
  for (const name of PASS) client[name] = (core[name] as (...a: unknown[]) => unknown).bind(core);
  if (paper) client.sendMessage = paper.sendMessage(client.sendMessage as (data: unknown) => Promise<unknown>);
  return client as unknown as DeribitClient;
}
