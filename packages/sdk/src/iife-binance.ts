/**
 * `zen-websocket.binance.iife.min.js`: the Binance Spot adapter as a script-tag add-on, on
 * `ZenWebsocket.binance` (`createBinanceStreams`, `createBinanceApi`, …). Load it after
 * `zen-websocket.iife.min.js`, whose core it uses; without a `socketFactory` it uses the page's `WebSocket`.
 * `zen-websocket.binance-streams.iife.min.js` and `zen-websocket.binance-api.iife.min.js` are its two halves, for a
 * page that needs only one.
 */
import { binanceOnce } from './iife-binance-once.js';

binanceOnce('zen-websocket.binance.iife.min.js');

export * from '@zen-websocket/binance';
