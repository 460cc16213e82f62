/**
 * `zen-websocket/browser` (`dist/zen-websocket.browser.mjs`): one self-contained ES module for pages without a
 * bundler — `connect`, the three venue adapters (as `zen-websocket/deribit`, `/binance` and `/bybit` give them to browsers),
 * the limiter, the pool and the recording sinks — with no bare import left, so `<script type="module">` imports it by URL with no
 * import map. The `@noble/*` fallback is its sibling `zen-websocket.browser-noble.mjs`, imported by relative URL
 * only where WebCrypto lacks an algorithm (plain-http pages other than localhost; Ed25519 in older browsers).
 */
export * from './limiter.js';
export * from './pool.js';
export { indexedDbSink, memorySink } from './recorder.js';
export * from './venues/binance-web.js';
export * from './venues/bybit-web.js';
export * from './venues/deribit-web.js';
export * from './web.js';
