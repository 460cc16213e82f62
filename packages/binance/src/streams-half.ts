/**
 * What the market-streams script-tag add-on (`zen-websocket.binance-streams.iife.min.js`) exposes, imported from
 * the files that hold it rather than the package index: the index also reaches the API's costs, which would make
 * the script need the limiter script (`ZenWebsocket.limiter`) although nothing of the streams half uses it. Nor
 * does it carry `binanceStreamLimits`: limiter options, of use only with the limiter script's `createRateLimiter`
 * on a connection made by hand; the whole add-on and the npm packages have it.
 */
export { binanceClassify } from './defaults.js';
export { BinanceError } from './errors.js';
export { binanceProtocol } from './protocol.js';
export { createBinanceStreams } from './streams.js';
