/**
 * `zen-websocket.binance-api.iife.min.js`: the Binance Spot WebSocket API half of the Binance add-on, on
 * `ZenWebsocket.binance` (`createBinanceApi`, the signers, the API's limiter costs, the error classes). For a
 * page that never opens market streams; load it after `zen-websocket.iife.min.js` and the limiter script. A page
 * that needs both halves loads `zen-websocket.binance.iife.min.js` instead: each script defines its own
 * `BinanceError`, so loading two Binance scripts throws.
 */
import { binanceOnce } from './iife-binance-once.js';

binanceOnce('zen-websocket.binance-api.iife.min.js');

export {
  BinanceError,
  binanceApiLimits,
  binanceClassify,
  binanceCost,
  binanceProtocol,
  ClockSkewError,
  createBinanceApi,
  signaturePayload,
  signEd25519,
  signHmac,
} from '@zen-websocket/binance';
