/**
 * `zen-websocket/binance` for Node: everything `@zen-websocket/binance` exports, with `createBinanceStreams`
 * and `createBinanceApi` using `ws` (through isomorphic-ws): ping frames and upgrade headers, on every Node version when no `socketFactory` is given.
 */
import {
  createBinanceApi as scopedCreateBinanceApi,
  createBinanceStreams as scopedCreateBinanceStreams,
} from '@zen-websocket/binance';
import { nodeSocketFactory as socketFactory } from '../node.js';
import { withSocketFactory } from './with-socket.js';

export * from '@zen-websocket/binance';

/**
 * Binance Spot market streams; `@zen-websocket/binance`'s `createBinanceStreams` with this runtime's socket
 * as the default `socketFactory`. Options, streams and errors are the scoped package's.
 *
 * @example
 * import { createBinanceStreams } from 'zen-websocket/binance';
 *
 * const streams = createBinanceStreams();
 * await streams.subscribe('btcusdt@trade', (trade) => console.log(trade));
 * await streams.close();
 */
export const createBinanceStreams: typeof scopedCreateBinanceStreams = withSocketFactory(
  scopedCreateBinanceStreams,
  socketFactory,
);

/**
 * The Binance Spot WebSocket API; `@zen-websocket/binance`'s `createBinanceApi` with this runtime's socket as
 * the default `socketFactory`. Options, client and errors are the scoped package's.
 *
 * @example
 * import { createBinanceApi } from 'zen-websocket/binance';
 *
 * const api = await createBinanceApi();
 * console.log(await api.time());
 * await api.close();
 */
export const createBinanceApi: typeof scopedCreateBinanceApi = withSocketFactory(scopedCreateBinanceApi, socketFactory);
