/**
 * `ZenWebsocket.book.__venues` in the book add-on: the venues' order-book code (Deribit's and Binance's
 * `orderBook()`), which the venue add-ons read from here when a book is first made (rollup.config.mjs,
 * `VENUE_BOOKS`), so a page without books loads neither this add-on nor that code. Not an API: no semver
 * promise, and it only works with the venue add-ons of its own version.
 */
export { createBinanceBook, restOrigin } from '../../binance/src/book.js';
export { createDeribitBook } from '../../deribit/src/book.js';
