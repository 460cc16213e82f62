/**
 * @zen-websocket/deribit — Deribit API v2 (JSON-RPC over WebSocket) on the zen-websocket core: signature
 * authentication with token refresh, heartbeats, subscriptions with per-channel handlers and book continuity,
 * cancel-on-disconnect, the restore order after reconnects, error classification and typed helpers.
 * Guide: docs/venues/deribit.md.
 */

export type { DeribitBookOptions } from './book.js';
export type {
  ChannelData,
  DeribitInterval,
  GroupedBook,
  PlatformState,
  Portfolio,
  PriceIndex,
  PublicTrade,
  Quote,
} from './channel-data.js';
export { createDeribitClient } from './client.js';
export { DERIBIT_REQUEST_CREDITS, deribitCost, deribitLimits } from './costs.js';
export { type DeribitErrorKind, deribitErrorKind } from './errors.js';
export { DERIBIT_MAINNET, DERIBIT_TESTNET } from './options.js';
export type { DeribitResult, DeribitResults, OrderWithTrades, Position } from './results.js';
export { clientSignature } from './signature.js';
export type {
  AuthInfo,
  BookGap,
  BookUpdate,
  ChannelHandler,
  DeribitClient,
  DeribitCredentials,
  DeribitEvents,
  DeribitMethods,
  DeribitOptions,
  DeribitPaperOptions,
  Instrument,
  Order,
  OrderBook,
  OrderParams,
  Params,
  Ticker,
  Trade,
} from './types.js';
