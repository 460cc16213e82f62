/**
 * `zen-websocket/limiter`: the outbound rate limiter (docs/limits-and-pools.md). A facade over the public
 * `@zen-websocket/core/limiter` entry, whose index names every export; it stays a separate entry point so
 * applications that limit nothing do not ship it.
 */
export * from '@zen-websocket/core/limiter';
