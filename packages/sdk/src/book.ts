/**
 * `zen-websocket/book`: the local order book types and engine (docs/order-books.md). A facade over the public
 * `@zen-websocket/core/book` entry, whose index names every export. The venue clients' `orderBook()` returns a
 * {@link LocalBook}; import from here for the types, the checksums or to build a book for another venue.
 */
export * from '@zen-websocket/core/book';
