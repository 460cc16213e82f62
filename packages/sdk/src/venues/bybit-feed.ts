/**
 * `zen-websocket/bybit/feed`: everything `@zen-websocket/bybit/feed` exports (`withBybitFeeds`: per-channel lag corrected
 * by the clock offset, a silence watchdog, `bybitFeedWindow`), so one install of `zen-websocket` is enough. The same
 * file in every runtime: it wraps a client you made with `zen-websocket/bybit` and opens no socket itself. Guide:
 * docs/feed-health.md.
 */
export * from '@zen-websocket/bybit/feed';
