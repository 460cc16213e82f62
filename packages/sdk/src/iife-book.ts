/**
 * `zen-websocket.book.iife.min.js`: the local order-book engine as a script-tag add-on on `ZenWebsocket.book`,
 * with the Deribit and Binance add-ons' `orderBook()` code (`__venues`). Load it after `zen-websocket.iife.min.js`
 * on pages that keep order books; without it the venue add-ons work, and their `orderBook()` throws a TypeError
 * naming this script.
 */
export * from '@zen-websocket/core/book';
export * as __venues from './iife-book-venues.js';
