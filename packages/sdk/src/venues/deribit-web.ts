/**
 * `zen-websocket/deribit` for browsers and workers: everything `@zen-websocket/deribit` exports, as it is. Its
 * `createDeribitClient` already uses the runtime's own `WebSocket` (no upgrade headers, no ping frames) when no
 * `socketFactory` is given, which is this runtime's socket, so nothing is wrapped (smaller pages).
 */
export * from '@zen-websocket/deribit';
