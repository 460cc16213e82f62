/**
 * `zen-websocket/bybit` for browsers and workers: everything `@zen-websocket/bybit` exports, with `createBybitClient`
 * using the runtime's own `WebSocket` (no upgrade headers, no ping frames) when no `socketFactory` is given.
 */
import { createBybitClient as scopedCreateBybitClient } from '@zen-websocket/bybit';
import { webSocketFactory as socketFactory } from '../web-factory.js';
import { withSocketFactory } from './with-socket.js';

export * from '@zen-websocket/bybit';

/**
 * Connects to Bybit v5 and resolves once every connection is ready (public; with keys private and trade,
 * authenticated); `@zen-websocket/bybit`'s `createBybitClient` with this runtime's socket as the
 * default `socketFactory`. Options, client and errors are the scoped package's.
 *
 * @example
 * import { createBybitClient } from 'zen-websocket/bybit';
 *
 * const bybit = await createBybitClient({ url: 'wss://stream-testnet.bybit.com' });
 * await bybit.subscribe('tickers.BTCUSDT', (t) => console.log(t.lastPrice));
 * await bybit.close();
 */
export const createBybitClient: typeof scopedCreateBybitClient = withSocketFactory(
  scopedCreateBybitClient,
  socketFactory,
);
