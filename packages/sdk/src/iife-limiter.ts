/**
 * `zen-websocket.limiter.iife.min.js`: the rate limiter as a script-tag add-on, on `ZenWebsocket.limiter`
 * (`ZenWebsocket.limiter.createRateLimiter`, the venue presets). Load it after `zen-websocket.iife.min.js`.
 */
export * from '@zen-websocket/core/limiter';
