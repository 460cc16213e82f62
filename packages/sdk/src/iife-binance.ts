/**
 * `zen-websocket.binance.iife.min.js`: the Binance Spot adapter as a script-tag add-on, on
 * `ZenWebsocket.binance` (`createBinanceStreams`, `createBinanceApi`, …). Load it after
 * `zen-websocket.iife.min.js`, whose core it uses; without a `socketFactory` it uses the page's `WebSocket`.
 */
export * from '@zen-websocket/binance';
