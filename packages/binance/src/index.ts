/**
 * @zen-websocket/binance — Binance Spot market streams and WebSocket API on zen-websocket's core client.
 * Guide: `docs/venues/binance.md`.
 */

export { createBinanceApi } from './api.js';
export type {
  AccountStatus,
  BinanceApi,
  BinanceApiEvents,
  BinanceApiOptions,
  BinanceApiResult,
  BinanceApiResults,
  BinanceRequestOptions,
  OrderPlaceParams,
  OrderRef,
  OrderResult,
  OrderSide,
  OrderType,
  SessionStatus,
  UserDataEvent,
} from './api-types.js';
export type { BinanceBookOptions } from './book.js';
export { binanceApiLimits, binanceCost } from './costs.js';
export { binanceClassify } from './defaults.js';
export { BinanceError, ClockSkewError, type RateLimit } from './errors.js';
export type { BinancePaperOptions } from './paper-types.js';
export type {
  AggTradeEvent,
  AvgPriceEvent,
  BookTickerEvent,
  DepthUpdateEvent,
  KlineEvent,
  KlineInterval,
  MiniTickerEvent,
  PartialDepthEvent,
  StreamPayload,
  TickerEvent,
  TradeEvent,
  WindowTickerEvent,
} from './payloads.js';
export { type BinanceResponse, binanceProtocol } from './protocol.js';
export { type Ed25519Impl, type Ed25519Key, signaturePayload, signEd25519, signHmac } from './sign.js';
export { binanceStreamLimits } from './stream-limits.js';
export { type BinanceStreams, createBinanceStreams } from './streams.js';
export type {
  BinanceStreamsEvents,
  BinanceStreamsOptions,
  HeartbeatSettings,
  PassThroughOptions,
  StreamConnectionInfo,
  StreamHandler,
} from './types.js';
