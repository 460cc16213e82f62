/**
 * `zen-websocket.deribit.iife.min.js`: the Deribit adapter as a script-tag add-on, on
 * `ZenWebsocket.deribit` (`ZenWebsocket.deribit.createDeribitClient`). Load it after
 * `zen-websocket.iife.min.js`, whose core it uses; without a `socketFactory` it uses the page's `WebSocket`.
 */
export * from '@zen-websocket/deribit';
