/**
 * `zen-websocket.binance-streams.iife.min.js`: the market-streams half of the Binance add-on, on
 * `ZenWebsocket.binance` (`createBinanceStreams` and its order books, `BinanceError`, `binanceProtocol`,
 * `binanceClassify`). For a page that never uses the WebSocket API; load it after `zen-websocket.iife.min.js`
 * (and the book script for order books; it needs no limiter script: its frames are paced by the connection
 * itself). `binanceStreamLimits`, limiter options for a connection made by hand with the limiter script, is in
 * the whole add-on only. A page that needs both halves loads `zen-websocket.binance.iife.min.js` instead: each
 * script defines its own `BinanceError`, so loading two Binance scripts throws.
 */
import { binanceOnce } from './iife-binance-once.js';

binanceOnce('zen-websocket.binance-streams.iife.min.js');

export {
  BinanceError,
  binanceClassify,
  binanceProtocol,
  createBinanceStreams,
} from '../../binance/src/streams-half.js';
