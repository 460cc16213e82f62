/**
 * `zen-websocket.bybit.iife.min.js`: the Bybit v5 adapter as a script-tag add-on, on `ZenWebsocket.bybit`
 * (`ZenWebsocket.bybit.createBybitClient`). Load it after `zen-websocket.iife.min.js`, whose core it uses;
 * without a `socketFactory` it uses the page's `WebSocket`.
 */
export * from '@zen-websocket/bybit';
