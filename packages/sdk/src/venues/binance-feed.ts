/**
 * `zen-websocket/binance/feed`: everything `@zen-websocket/binance/feed` exports (`withBinanceFeeds`: per-channel lag corrected
 * by the clock offset, a silence watchdog, `binanceFeedWindow`), so one install of `zen-websocket` is enough. The same
 * file in every runtime: it wraps a client you made with `zen-websocket/binance` and opens no socket itself. Guide:
 * docs/feed-health.md.
 */
export * from '@zen-websocket/binance/feed';
