import { type Client, type ConnectOptions, connect, type StateChange, ZenError } from '@zen-websocket/core';
import type { LocalBook } from '@zen-websocket/core/book';
import { EventHub, loadPaperEngine } from '@zen-websocket/core/internal';
import { createBybitBook } from './book.js';
import { BybitClockSkewError, type SigningClock, signingClock } from './clock.js';
import { authFailure, BybitError, bybitClassify } from './errors.js';
import { type Resolved, resolve } from './options.js';
import type { BybitPaper, BybitPaperModule } from './paper.js';
import { type BybitEndpoint, bybitProtocol } from './protocol.js';
import { redactAuthArgs } from './redact.js';
import { bybitAuthArgs } from './sign.js';
import type { BybitClient, BybitEvents, BybitHandler, BybitMessage, BybitOptions, BybitOrderResult } from './types.js';

/** Private topics (everything else is public). */
const PRIVATE = /^(order|execution|fast-execution|position|wallet|greeks|dcp)(\.|$)/;
/** How far ahead an auth signature expires, ms. */
const AUTH_TTL = 10_000;

/**
 * Connects to Bybit v5 and resolves once every connection is ready: the public stream
 * (`/v5/public/<category>`), and with `apiKey`/`apiSecret` the private stream (`/v5/private`, authenticated)
 * and the trade API (`/v5/trade`, authenticated). After every reconnect, in order: authenticate (a fresh
 * signature) → restore topics in batches of `argsLimit` → ready. `{"op":"ping"}` every 20 s on each. Trade ops
 * are never replayed. A refused key rejects with an `AuthError` (no reconnect loop).
 *
 * Without `socketFactory` it uses the runtime's global `WebSocket`; where there is none (Node 20) it throws a
 * `TypeError` naming `zen-websocket/bybit`, which re-exports this function with the runtime's socket.
 *
 * @example
 * import { createBybitClient } from 'zen-websocket/bybit'; // or '@zen-websocket/bybit' with your socketFactory
 *
 * const bybit = await createBybitClient({ apiKey, apiSecret });
 * await bybit.subscribe('tickers.BTCUSDT', (t) => console.log(t.lastPrice));
 * const { orderId } = await bybit.createOrder({ symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.001', price: '10000' });
 * await bybit.close();
 */
export async function createBybitClient(options: BybitOptions = {}): Promise<BybitClient> {
  const o = resolve(options);
  const events = new EventHub<BybitEvents>();
  const handlers = new Map<string, Set<BybitHandler<never>>>();
  // each handler isolated: one that throws is reported on `error`, the others and `message` still run
  const routeSafely = (m: BybitMessage): void => {
    for (const handler of handlers.get(m.topic) ?? []) {
      try {
        (handler as BybitHandler)(m.data, m);
      } catch (cause) {
        events.emit('error', new ZenError('handler_error', `${m.topic} handler threw`, { cause }));
      }
    }
    events.emit('message', m);
  };
  // paper: the engine (which checks the option) loads before any connection opens
  const paper =
    o.paper === undefined
      ? undefined
      : (await loadPaperEngine<BybitPaperModule>('createBybitClient')).bybitPaperSession(o.paper, o.category, {
          route: routeSafely,
          subscribe: (topic) => pub.subscribe(topic),
          Refusal: BybitError,
        });
  const clock = signingClock(o.syncTime, o.clockOffsetMs);
  // paper: nothing private goes to the venue, so only the public stream opens
  const endpoints: BybitEndpoint[] = o.keys && !paper ? ['public', 'private', 'trade'] : ['public'];
  const opened = await Promise.allSettled(endpoints.map((e) => open(e, o, paper ? paper.route : routeSafely, clock)));
  const clients = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    paper?.close();
    await Promise.all(clients.map((c) => c.close()));
    throw failed.reason;
  }
  const [pub, priv, trade] = clients as [Client, Client | undefined, Client | undefined];
  for (const [i, c] of clients.entries())
    c.on('state', (change: StateChange) =>
      events.emit('state', { ...change, endpoint: endpoints[i] as BybitEndpoint }),
    );
  if (o.dcp && priv) await subscribeAll(priv, ['dcp'], o.argsLimit);

  const list = (topics: string | readonly string[], fn: string): string[] => {
    const all = typeof topics === 'string' ? [topics] : topics;
    if (!Array.isArray(all) || all.length === 0 || all.some((t) => typeof t !== 'string' || !t))
      throw new TypeError(`${fn}(topics): pass a topic such as "tickers.BTCUSDT" or a non-empty array of them`);
    return [...new Set(all as string[])];
  };
  // paper: the engine stands for the private and trade connections
  const connectionOf = (topic: string): Topics => {
    const c = PRIVATE.test(topic) ? priv || paper : pub;
    if (!c) throw new TypeError(`subscribe: "${topic}" is a private topic; pass apiKey and apiSecret`);
    return c;
  };
  const tradeOp = async (op: string, params: object): Promise<BybitOrderResult> => {
    const c = trade || paper;
    if (!c) throw new TypeError(`${op}: createBybitClient was given no apiKey/apiSecret`);
    const header = { 'X-BAPI-TIMESTAMP': String(clock.now()), 'X-BAPI-RECV-WINDOW': String(o.recvWindow) };
    try {
      const reply = await c.request<{ data: BybitOrderResult }>(op, {
        header,
        args: [{ category: o.category, ...params }],
      });
      return reply.data;
    } catch (error) {
      // 10002: the timestamp was refused, so the order was not taken; measure again for the next one, never resend
      if (!(error instanceof BybitError) || error.retCode !== 10002) throw error;
      throw new BybitClockSkewError(error, await clock.measure(trade as Client).catch(() => clock.offsetMs));
    }
  };
  const byConnection = (topics: string[]): Map<Topics, string[]> => {
    const by = new Map<Topics, string[]>();
    for (const t of topics) {
      const c = connectionOf(t);
      const part = by.get(c);
      if (part) part.push(t);
      else by.set(c, [t]);
    }
    return by;
  };
  const books = new Set<LocalBook>();

  const client: BybitClient = {
    public: pub,
    private: priv,
    trade,
    ...(paper && { paper: { get: paper.get } }),
    async subscribe(topics: string | readonly string[], handler?: BybitHandler<never>) {
      const all = list(topics, 'subscribe');
      const by = byConnection(all);
      if (handler) for (const t of all) handlers.set(t, (handlers.get(t) ?? new Set()).add(handler));
      try {
        await Promise.all([...by].map(([c, part]) => subscribeAll(c, part, o.argsLimit)));
        return all;
      } catch (error) {
        const kept = new Set([pub, priv].flatMap((c) => c?.getSubscriptions().map((s) => s.channel) ?? []));
        if (handler) for (const t of all) if (!kept.has(t)) handlers.get(t)?.delete(handler);
        throw error;
      }
    },
    async unsubscribe(topics) {
      const all = list(topics, 'unsubscribe');
      for (const t of all) handlers.delete(t);
      await Promise.all([...byConnection(all)].map(([c, part]) => c.unsubscribe(part)));
    },
    createOrder: (params) => tradeOp('order.create', params),
    amendOrder: (params) => tradeOp('order.amend', params),
    cancelOrder: (params) => tradeOp('order.cancel', params),
    get clockOffsetMs() {
      return clock.offsetMs;
    },
    async syncTime() {
      const c = priv ?? trade;
      if (!c) throw new TypeError('syncTime: no apiKey/apiSecret, nothing is signed');
      return clock.measure(c);
    },
    orderBook(symbol, bookOptions) {
      const book = createBybitBook(
        {
          subscribe: (topic, handler) => client.subscribe(topic, handler as unknown as BybitHandler),
          unsubscribe: (topic) => client.unsubscribe(topic),
          onState: (handler) => pub.on('state', ({ to }) => handler(to)),
        },
        symbol,
        bookOptions,
      );
      books.add(book);
      return book;
    },
    on: (type, handler) => events.on(type, handler),
    async close() {
      await Promise.all([...books].map((b) => b.close()));
      paper?.close();
      await Promise.all(clients.map((c) => c.close()));
      events.clear();
    },
  };
  return client;
}

/** Where topics go: a connection, or the paper engine standing for the private one. */
type Topics = Pick<BybitPaper, 'subscribe' | 'unsubscribe'>;

/** Subscribes in requests of at most `limit` topics. */
async function subscribeAll(c: Topics, topics: readonly string[], limit: number): Promise<void> {
  const parts: Array<Promise<string[]>> = [];
  for (let i = 0; i < topics.length; i += limit) parts.push(c.subscribe(topics.slice(i, i + limit)));
  await Promise.all(parts);
}

/** Opens one endpoint: its dialect, ping policy, auth before restore, and the Bybit classifier. */
function open(
  endpoint: BybitEndpoint,
  o: Resolved,
  route: (m: BybitMessage) => void,
  clock: SigningClock,
): Promise<Client> {
  const { classify } = o.core;
  const keys = o.keys;
  const options: ConnectOptions<Client> = {
    ...o.core,
    ...(o.core.recordTo ? { recordTo: redactAuthArgs(o.core.recordTo) } : {}),
    protocol: bybitProtocol(endpoint, o.argsLimit),
    heartbeat: { type: 'protocol', interval: o.pingInterval, timeout: Math.min(10_000, o.pingInterval) },
    restoreSubscriptions: endpoint !== 'trade',
    classify: (error, decision) => {
      const d = bybitClassify(error, decision);
      return classify ? classify(error, d) : d;
    },
    handler: (m) => {
      if (m.type !== 'message') return;
      const data = m.data as BybitMessage;
      if (data && typeof data === 'object' && typeof data.topic === 'string') route(data);
    },
  };
  if (endpoint !== 'public' && keys) {
    // runs on every connection before topics are restored: auth first, with a fresh signature each time
    options.prepare = (c) => authenticate(c, keys, clock);
  }
  return connect(`${o.base}/v5/${endpoint === 'public' ? `public/${o.category}` : endpoint}`, options);
}

/**
 * Bybit auth with a fresh signature, `expires` on the signing clock (with `syncTime`, measured before the first
 * auth). Refused for its expiry by the clock measured after the refusal: retried once, signed anew.
 */
async function authenticate(
  c: Client,
  keys: { apiKey: string; apiSecret: string },
  clock: SigningClock,
): Promise<void> {
  if (clock.auto && !clock.known) await clock.measure(c);
  for (let attempt = 0; ; attempt++) {
    const expires = clock.now() + AUTH_TTL;
    try {
      await c.request('auth', await bybitAuthArgs(keys.apiKey, keys.apiSecret, expires));
      return;
    } catch (error) {
      if (attempt > 0 || !clock.auto || !(error instanceof BybitError)) throw authFailure(error);
      await clock.measure(c).catch(() => {}); // a connection closed on the refusal still reports the refusal
      // refused for time: the reason says so, or `expires` had passed by the clock measured now
      if (!(expires <= clock.now() || /expire|time/i.test(error.retMsg))) throw authFailure(error);
    }
  }
}
