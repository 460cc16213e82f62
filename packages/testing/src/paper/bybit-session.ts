/**
 * The Bybit adapter's side of paper trading (the adapter loads this module only when `paper` is on): answers
 * trade ops, private topics and the REST reads of a trading session from the engine, and feeds it the live
 * public book of each traded symbol (`orderbook.<depth>.<symbol>`, subscribed on the real public connection on
 * first use).
 */
import { type Client, ZenError } from '@zen-websocket/core';
import { bookWaits } from './book-waits.js';
import { type BybitPaperEngineOptions, createBybitPaperEngine } from './bybit.js';

/** A Bybit private message as the adapter routes it. */
export interface BybitPaperMessage {
  id: string;
  topic: string;
  creationTime: number;
  data: unknown[];
}

/** Dresses a refusal as the adapter dresses Bybit's (`BybitError` with `retCode` and `retMsg`). */
export type BybitPaperRefusal = (retCode: number, retMsg: string, reply: Record<string, unknown>, op: string) => Error;

/** What the Bybit client routes through when `paper` is on. */
export interface BybitPaperSession {
  /** Whether a topic is private (served by the engine, never sent to the venue). */
  handles(topic: string): boolean;
  /** Subscribes private topics at the engine; a topic it does not serve rejects with Bybit's wording. */
  subscribe(topics: string[]): Promise<string[]>;
  unsubscribe(topics: string[]): void;
  /** `order.create` / `order.amend` / `order.cancel`, once the live book of the order's symbol is in. */
  trade(op: string, args: Record<string, unknown>): Promise<{ orderId: string; orderLinkId: string }>;
  /** A v5 REST read (`/v5/order/realtime`, `/v5/position/list`, `/v5/account/wallet-balance`): its `result`. */
  rest<T>(path: string, query: Record<string, string>): Promise<T>;
  /** Stops feeding the engine; orders still waiting for a book reject. */
  close(): void;
}

/**
 * Wires a paper engine to a live Bybit public connection. `route` receives the private messages (as the
 * private stream would deliver them); `toError` makes the adapter's error from a refusal.
 *
 * @example
 * const paper = bybitPaperSession(client.public, {}, (m) => console.log(m.topic), (code, msg) => new Error(msg));
 * await paper.trade('order.create', { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.01' });
 */
export function bybitPaperSession(
  pub: Client,
  options: BybitPaperEngineOptions,
  route: (message: BybitPaperMessage) => void,
  toError: BybitPaperRefusal,
): BybitPaperSession {
  const engine = createBybitPaperEngine(options);
  const depth = options.depth ?? 50;
  engine.onMessage(route);
  /** Orders waiting for the first live book of their symbol: settled by it, a refused subscribe, or close(). */
  const books = bookWaits();
  const off = pub.on('message', (m) => {
    const message = m as { topic?: unknown; data?: { s?: unknown } };
    const symbol = message.data?.s;
    if (typeof symbol !== 'string' || message.topic !== `orderbook.${depth}.${symbol}`) return;
    engine.feedBook(message as Parameters<typeof engine.feedBook>[0]);
    if (engine.hasBook(symbol)) books.ready(symbol);
  });
  const refuse = (op: string, retCode: number, retMsg: string) =>
    toError(retCode, retMsg, { retCode, retMsg, op, paper: true }, op);
  return {
    handles: (topic) => engine.handles(topic),
    async subscribe(topics) {
      const served = engine.subscribe(topics);
      const other = topics.find((t) => !served.includes(t));
      if (other !== undefined) throw refuse('subscribe', 10001, `error:handler not found,topic:${other}`);
      return served;
    },
    unsubscribe: (topics) => engine.unsubscribe(topics),
    async trade(op, args) {
      const symbol = engine.symbolOf(op, args);
      if (symbol !== undefined && !engine.hasBook(symbol))
        await books.wait(symbol, () => pub.subscribe(`orderbook.${depth}.${symbol}`));
      const reply = engine.trade(op, args);
      if (reply.retCode !== 0) throw refuse(op, reply.retCode, reply.retMsg);
      return reply.data as { orderId: string; orderLinkId: string };
    },
    async rest<T>(path: string, query: Record<string, string>) {
      const answer = engine.rest(path, query);
      if (answer.retCode !== 0) throw refuse(path, answer.retCode, answer.retMsg);
      return answer.result as T;
    },
    close() {
      off();
      books.closeAll(new ZenError('closed', 'Client closed while a paper order waited for the live book'));
    },
  };
}
