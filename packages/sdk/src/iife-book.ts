/**
 * `zen-websocket.book.iife.min.js`: the local order-book engine both venue add-ons use, as a script-tag add-on
 * on `ZenWebsocket.book`. Load it after `zen-websocket.iife.min.js` and before the Deribit and Binance add-ons.
 */
export * from '@zen-websocket/core/book';
