/**
 * `zen-websocket/deribit/feed`: everything `@zen-websocket/deribit/feed` exports (`withDeribitFeeds`: per-channel lag corrected
 * by the clock offset, a silence watchdog, `deribitFeedWindow`), so one install of `zen-websocket` is enough. The same
 * file in every runtime: it wraps a client you made with `zen-websocket/deribit` and opens no socket itself. Guide:
 * docs/feed-health.md.
 */
export * from '@zen-websocket/deribit/feed';
