/**
 * The Deribit adapter's side of paper trading (the adapter loads this module only when `paper` is on): routes
 * private methods and `user.*` channels to the engine, and feeds it the live public book of each traded
 * instrument (`book.<instrument>.100ms`, subscribed on the real connection on first use).
 */
import { type Client, RpcError, ZenError } from '@zen-websocket/core';
import type { Params } from '../deribit/params.js';
import { bookWaits } from './book-waits.js';
import { createDeribitPaperEngine, type DeribitPaperEngineOptions } from './deribit.js';

/** What the Deribit client routes through when `paper` is on. */
export interface DeribitPaperSession {
  handles(method: string): boolean;
  /** Answers a private method from the engine, once the live book of its instrument is in. */
  request<T>(method: string, params?: Params): Promise<T>;
  /** `user.*` channels to the engine, the rest to the venue (`core.subscribe`'s shape). */
  subscribe(channels: string[], options?: { timeout?: number }): Promise<string[]>;
  unsubscribe(channels: string[]): Promise<void>;
  /** Private notifications, shaped as the venue's, for the client's router. */
  onNotification(handler: (message: Record<string, unknown>) => void): void;
  /** Wraps the client's `sendMessage`: a private frame (object or JSON text) is answered by the engine. */
  sendMessage(send: (data: unknown) => Promise<unknown>): (data: unknown) => Promise<unknown>;
  /** Stops feeding the engine; orders still waiting for a book reject. */
  close(): void;
}

/**
 * Wires a paper engine to a live Deribit connection. `toError` dresses a refusal as the adapter dresses the
 * venue's (Deribit's reason in the message).
 *
 * @example
 * const paper = deribitPaperSession(client.core, { balances: { BTC: 1 } }, (e) => e);
 * await paper.request('private/buy', { instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market' });
 */
export function deribitPaperSession(
  core: Client,
  options: DeribitPaperEngineOptions,
  toError: (error: RpcError) => Error,
): DeribitPaperSession {
  const engine = createDeribitPaperEngine(options);
  const interval = options.bookInterval ?? '100ms';
  /** Orders waiting for the first live book of their instrument: settled by it, a refused subscribe, or close(). */
  const books = bookWaits();
  const off = core.on('message', (m) => {
    const p = (m as { method?: unknown; params?: { channel?: unknown; data?: { instrument_name?: unknown } } }).params;
    if ((m as { method?: unknown }).method !== 'subscription' || typeof p?.channel !== 'string') return;
    const instrument = p.data?.instrument_name;
    if (typeof instrument !== 'string' || p.channel !== `book.${instrument}.${interval}`) return;
    engine.feedBook(instrument, p.data as Parameters<typeof engine.feedBook>[1]);
    books.ready(instrument);
  });
  const bookOf = (instrument: string): Promise<void> =>
    books.wait(instrument, async () => {
      const channel = `book.${instrument}.${interval}`;
      if ((await core.subscribe(channel)).includes(channel)) return;
      throw new RangeError(
        `paper: the venue refused ${channel}, the live book ${instrument} orders are matched against`,
      );
    });
  const answer = async (method: string, params?: Params) => {
    const instrument = engine.instrumentOf(method, params);
    if (instrument !== undefined && !engine.hasBook(instrument)) await bookOf(instrument);
    return engine.request(method, params);
  };
  const split = (channels: string[]) =>
    [channels.filter((c) => c.startsWith('user.')), channels.filter((c) => !c.startsWith('user.'))] as const;
  return {
    handles: (method) => engine.handles(method),
    async request<T>(method: string, params?: Params) {
      const outcome = await answer(method, params);
      if ('result' in outcome) return outcome.result as T;
      const { code, message, data } = outcome.error;
      throw toError(new RpcError(code, message, data, method));
    },
    async subscribe(channels, subscribeOptions) {
      const [mine, venue] = split(channels);
      const served = engine.subscribe(mine);
      return venue.length > 0 ? [...served, ...(await core.subscribe(venue, subscribeOptions))] : served;
    },
    async unsubscribe(channels) {
      const [mine, venue] = split(channels);
      engine.unsubscribe(mine);
      if (venue.length > 0) await core.unsubscribe(venue);
    },
    onNotification: (handler) => engine.onNotification(handler),
    sendMessage: (send) => async (data) => {
      const text = typeof data === 'string' && /"method"\s*:\s*"private\//.test(data);
      const frame = (text ? JSON.parse(data as string) : data) as Record<string, unknown> | null;
      const method = frame?.method;
      if (typeof method !== 'string' || !engine.handles(method)) return send(data);
      return { jsonrpc: '2.0', id: frame?.id, ...(await answer(method, frame?.params as Params | undefined)) };
    },
    close() {
      off();
      books.closeAll(new ZenError('closed', 'Client closed while a paper order waited for the live book'));
    },
  };
}
