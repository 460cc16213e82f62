/**
 * The Bybit adapter's side of paper trading (the adapter loads this module only when `paper` is on): answers
 * trade ops, private topics and the REST reads of a trading session from the engine, and feeds it the live
 * public book of each traded symbol (`orderbook.<depth>.<symbol>`, subscribed on the real public connection on
 * first use).
 */
import { ZenError } from '@zen-websocket/core';
import { checkKeys } from '@zen-websocket/core/internal';
import { bookWaits } from './book-waits.js';
import { type BybitPaperEngineOptions, createBybitPaperEngine } from './bybit.js';

/** A Bybit private message as the adapter routes it. */
export interface BybitPaperMessage {
  id: string;
  topic: string;
  creationTime: number;
  data: unknown[];
}

/** The adapter's error class for a refusal (`BybitError`: `retCode`, `retMsg`, the reply, the op). */
export type BybitPaperRefusal = new (
  retCode: number,
  retMsg: string,
  reply: Record<string, unknown>,
  op: string,
) => Error;

/** What the session needs from the Bybit client. */
export interface BybitPaperLink {
  /** Delivers a message to the client's topic handlers: the engine's private messages, and every public one. */
  route(message: BybitPaperMessage): void;
  /** Subscribes a public topic on the live public connection (a traded symbol's book). */
  subscribe(topic: string): Promise<unknown>;
  /** The adapter's error for a refusal. */
  Refusal: BybitPaperRefusal;
}

/**
 * What the Bybit client routes through when `paper` is on: shaped like the connections it stands for, so the
 * client sends private topics and trade ops to it as it would to the private and trade connections.
 */
export interface BybitPaperSession {
  /** Whether a topic is private (served by the engine, never sent to the venue). */
  handles(topic: string): boolean;
  /** Takes every public message (feeding the engine a traded symbol's book) and passes it on to `link.route`. */
  route(message: unknown): void;
  /** Subscribes private topics at the engine; a topic it does not serve rejects with Bybit's wording. */
  subscribe(topics: string[]): Promise<string[]>;
  /** Ends private topics at the engine. */
  unsubscribe(topics: string[]): void;
  /**
   * A trade op as the trade connection takes it (`{ header, args: [order] }`): `order.create` / `order.amend` /
   * `order.cancel`, once the live book of the order's symbol is in; resolves with `{ data }` like Bybit's reply.
   */
  request<T>(op: string, params: { args: Array<Record<string, unknown>> }): Promise<T>;
  /** A v5 REST read (`/v5/order/realtime`, `/v5/position/list`, `/v5/account/wallet-balance`): its `result`. */
  get<T>(path: string, query: Record<string, string>): Promise<T>;
  /** Stops feeding the engine; orders still waiting for a book reject. */
  close(): void;
}

const WHERE = 'createBybitClient: options.paper';

/** The depths of a category's `orderbook.<depth>` topic. */
const depths = (category: string) => [1, 50, 200, category === 'spot' ? 1000 : 500];

/**
 * Checks the adapter's `paper` option (`true` or `{ balances, depth }`, with the adapter's `category`) and
 * makes the session, before any connection opens; the `link` is used only once the client is up. Every private
 * message and refusal goes through `link`.
 *
 * @example
 * const paper = bybitPaperSession(true, 'linear', {
 *   route: (m) => console.log(m.topic),
 *   subscribe: (topic) => client.public.subscribe(topic),
 *   Refusal: BybitError,
 * });
 * await paper.request('order.create', { args: [{ symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.01' }] });
 */
export function bybitPaperSession(paper: unknown, category: string, link: BybitPaperLink): BybitPaperSession {
  if (paper !== true && (typeof paper !== 'object' || !paper))
    throw new TypeError(`${WHERE} must be true, false or { balances, depth }, got ${JSON.stringify(paper)}`);
  const options = paper === true ? {} : (paper as BybitPaperEngineOptions);
  checkKeys(WHERE, options, ['balances', 'depth']);
  const depth = options.depth ?? 50;
  if (!depths(category).includes(depth))
    throw new TypeError(
      `${WHERE}.depth must be a ${category} book depth (${depths(category).join(', ')}), got ${String(depth)}`,
    );
  const engine = createBybitPaperEngine({ ...options, category: category as 'linear' | 'spot' });
  engine.onMessage((m) => link.route(m));
  /** Orders waiting for the first live book of their symbol: settled by it, a refused subscribe, or close(). */
  const books = bookWaits();
  let closed = false;
  const refuse = (op: string, retCode: number, retMsg: string) =>
    new link.Refusal(retCode, retMsg, { retCode, retMsg, op, paper: true }, op);
  return {
    handles: (topic) => engine.handles(topic),
    route(m) {
      const message = m as { topic?: unknown; data?: { s?: unknown } };
      const symbol = message.data?.s;
      if (!closed && typeof symbol === 'string' && message.topic === `orderbook.${depth}.${symbol}`) {
        engine.feedBook(message as Parameters<typeof engine.feedBook>[0]);
        if (engine.hasBook(symbol)) books.ready(symbol);
      }
      link.route(m as BybitPaperMessage);
    },
    async subscribe(topics) {
      const served = engine.subscribe(topics);
      const other = topics.find((t) => !served.includes(t));
      if (other !== undefined) throw refuse('subscribe', 10001, `error:handler not found,topic:${other}`);
      return served;
    },
    unsubscribe: (topics) => engine.unsubscribe(topics),
    async request<T>(op: string, { args }: { args: Array<Record<string, unknown>> }) {
      const order = args[0] ?? {};
      const symbol = engine.symbolOf(op, order);
      if (symbol !== undefined && !engine.hasBook(symbol))
        await books.wait(symbol, () => link.subscribe(`orderbook.${depth}.${symbol}`));
      const reply = engine.trade(op, order);
      if (reply.retCode !== 0) throw refuse(op, reply.retCode, reply.retMsg);
      return { data: reply.data } as T;
    },
    async get<T>(path: string, query: Record<string, string>) {
      const answer = engine.rest(path, query);
      if (answer.retCode !== 0) throw refuse(path, answer.retCode, answer.retMsg);
      return answer.result as T;
    },
    close() {
      closed = true;
      books.closeAll(new ZenError('closed', 'Client closed while a paper order waited for the live book'));
    },
  };
}
