/**
 * The Binance adapter's side of paper trading (the adapter loads this module only when `paper` is on): answers
 * private WebSocket API methods from the engine and feeds it each traded symbol's live touch
 * (`<symbol>@bookTicker`, subscribed on first use on the given streams, or on a streams connection of its own).
 */

import type { BinanceStreams } from '@zen-websocket/binance';
import type { SocketFactory } from '@zen-websocket/core';
import { ZenError } from '@zen-websocket/core';
import { checkKeys, describeValue as describe } from '@zen-websocket/core/internal';
import { type BinancePaperRefusal, type BinanceTouch, createBinancePaperEngine } from './binance.js';

/** Options of `createBinanceApi`'s `paper: { … }`. */
export interface BinancePaperSessionOptions {
  balances?: Record<string, number> | undefined;
  /** Streams to read the live touch from (default: a streams connection of its own on `streamsUrl`). */
  streams?: BinanceStreams | undefined;
  streamsUrl?: string | undefined;
}

/** What the session needs from the adapter. */
export interface BinancePaperLink {
  /** The WebSocket API URL (the default stream host is derived from it). */
  url: string;
  socketFactory: SocketFactory;
  /** Longest wait for a symbol's first live touch, ms. */
  timeout: number;
  /** A refusal as the adapter's typed error. */
  toError(refusal: BinancePaperRefusal, method: string): Error;
}

/** What `createBinanceApi` routes through when `paper` is on. */
export interface BinancePaperSession {
  handles(method: string): boolean;
  /** Answers a private method from the engine (an order once its symbol's live touch is in), as `{ status, result }`. */
  request<T>(method: string, params?: object): Promise<{ status: number; result: T }>;
  /** Receives user data as the venue frames it: `{ subscriptionId, event }`. */
  onEvent(handler: (message: { subscriptionId: number; event: never }) => void): void;
  /** Ends the user-data subscriptions (the connection dropped; the adapter subscribes again). */
  reset(): void;
  /** Stops feeding the engine (and closes its own streams); orders waiting for a touch reject. */
  close(): Promise<void>;
}

const isBalances = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && Object.values(v).every((n) => Number.isFinite(n) && (n as number) >= 0);

/**
 * The stream host matching a WebSocket API URL: Binance's and the testnet's by name, else the URL's origin
 * (the simulator serves both on one port).
 *
 * @example
 * streamHostOf('wss://ws-api.binance.com:443/ws-api/v3'); // 'wss://stream.binance.com:9443'
 */
export function streamHostOf(url: string): string {
  const { protocol, host, hostname } = new URL(url);
  if (hostname === 'ws-api.binance.com') return 'wss://stream.binance.com:9443';
  if (hostname === 'ws-api.testnet.binance.vision') return 'wss://stream.testnet.binance.vision';
  return `${protocol}//${host}`;
}

/**
 * Wires a paper engine to the live market.
 *
 * @example
 * const paper = binancePaperSession({ streamsUrl: sim.streamUrl }, { url: sim.apiUrl, socketFactory, timeout: 10_000, toError: (e) => new Error(e.msg) });
 * await paper.request('order.place', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' });
 */
export function binancePaperSession(options: BinancePaperSessionOptions, link: BinancePaperLink): BinancePaperSession {
  checkKeys('paper', options, ['balances', 'streams', 'streamsUrl']);
  const { balances, streams: given } = options as { balances?: unknown; streams?: { subscribe?: unknown } };
  const bad = (name: string, expected: string, value: unknown) =>
    new TypeError(`createBinanceApi: options.paper.${name} must be ${expected}, got ${describe(value)}`);
  if (balances !== undefined && !isBalances(balances))
    throw bad('balances', 'an object of asset → free amount ≥ 0', balances);
  if (given !== undefined && typeof given?.subscribe !== 'function') throw bad('streams', 'a BinanceStreams', given);
  if (options.streams && options.streamsUrl) {
    throw new TypeError('createBinanceApi: pass options.paper.streams or options.paper.streamsUrl, not both');
  }
  const engine = createBinancePaperEngine(options.balances ? { balances: options.balances } : {});
  let streams: Promise<BinanceStreams> | undefined = options.streams && Promise.resolve(options.streams);
  const open = () =>
    (streams ??= import('@zen-websocket/binance').then((m) =>
      m.createBinanceStreams({
        baseUrl: options.streamsUrl ?? streamHostOf(link.url),
        socketFactory: link.socketFactory,
      }),
    ));
  /** First touches still awaited, per symbol. */
  const waiting = new Map<string, { promise: Promise<void>; settle(error?: unknown): void }>();
  const subscribed = new Set<string>();
  let closed = false;

  const firstTouch = (symbol: string, method: string): Promise<void> => {
    const known = waiting.get(symbol);
    if (known) return known.promise;
    const stream = `${symbol.toLowerCase()}@bookTicker`;
    let settle: (error?: unknown) => void = () => {};
    const promise = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const msg = `Invalid symbol. (paper: no live touch from ${stream} within ${link.timeout} ms)`;
        settle(link.toError({ code: -1121, msg, status: 400 }, method));
      }, link.timeout);
      settle = (error) => {
        clearTimeout(timer);
        waiting.delete(symbol);
        if (error === undefined) resolve();
        else reject(error);
      };
    });
    waiting.set(symbol, { promise, settle });
    const feed = (data: BinanceTouch) => {
      if (closed) return;
      engine.feedTouch(symbol, data);
      if (engine.hasBook(symbol)) waiting.get(symbol)?.settle();
    };
    if (!subscribed.has(stream)) {
      subscribed.add(stream);
      open()
        .then((s) => s.subscribe(stream, feed))
        .catch((error: unknown) => {
          subscribed.delete(stream);
          waiting.get(symbol)?.settle(error);
        });
    }
    return promise;
  };

  return {
    handles: (method) => engine.handles(method),
    async request<T>(method: string, params?: object) {
      if (closed) throw new ZenError('closed', 'Client closed');
      const p = params as Record<string, unknown> | undefined;
      const symbol = engine.symbolOf(method, p);
      if (symbol !== undefined && !engine.hasBook(symbol)) {
        if (!/^[A-Z0-9]{2,20}$/.test(symbol))
          throw link.toError({ code: -1121, msg: 'Invalid symbol.', status: 400 }, method);
        await firstTouch(symbol, method);
      }
      const outcome = engine.request(method, p);
      if ('result' in outcome) return { status: 200, result: outcome.result as T };
      throw link.toError(outcome.error, method);
    },
    onEvent: (handler) => engine.onEvent(handler as never),
    reset: () => engine.reset(),
    async close() {
      closed = true;
      engine.reset();
      for (const wait of [...waiting.values()]) {
        wait.settle(new ZenError('closed', 'Client closed while a paper order waited for the live touch'));
      }
      if (!options.streams && streams) await (await streams.catch(() => undefined))?.close();
    },
  };
}
