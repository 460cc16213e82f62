/**
 * `zen-websocket.binance-streams.iife.min.js`: the market-streams half of the Binance add-on, on
 * `ZenWebsocket.binance` (`createBinanceStreams`, its order books and limits, `BinanceError`). For a page that
 * never uses the WebSocket API; load it after `zen-websocket.iife.min.js`, the limiter and the book scripts. A page
 * that needs both halves loads `zen-websocket.binance.iife.min.js` instead: each script defines its own
 * `BinanceError`, so loading two Binance scripts throws.
 */
import { binanceOnce } from './iife-binance-once.js';

binanceOnce('zen-websocket.binance-streams.iife.min.js');

export {
  BinanceError,
  binanceClassify,
  binanceProtocol,
  binanceStreamLimits,
  createBinanceStreams,
} from '@zen-websocket/binance';
