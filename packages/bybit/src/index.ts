/**
 * @zen-websocket/bybit — Bybit v5 public and private streams and the WebSocket trade API on zen-websocket's core
 * client, built only from the adapter contract (`docs/guides/building-adapters.md`). Guide: `docs/venues/bybit.md`.
 */

export { createBybitBook } from './book.js';
export { createBybitClient } from './client.js';
export { BybitClockSkewError } from './clock.js';
export { bybitCost, bybitLimits } from './costs.js';
export { authFailure, BybitError, bybitClassify } from './errors.js';
export { BYBIT_MAINNET, BYBIT_TESTNET } from './options.js';
export type { BybitPaperOptions, BybitPaperRest } from './paper-types.js';
export { type BybitEndpoint, bybitProtocol } from './protocol.js';
export { redactAuthArgs } from './redact.js';
export { bybitAuthArgs } from './sign.js';
export type {
  BybitBookData,
  BybitBookOptions,
  BybitClient,
  BybitCoreOptions,
  BybitEvents,
  BybitHandler,
  BybitKline,
  BybitLevel,
  BybitMessage,
  BybitOptions,
  BybitOrderParams,
  BybitOrderRef,
  BybitOrderResult,
  BybitOrderUpdate,
  BybitPublicTrade,
  BybitTicker,
  BybitTopicData,
} from './types.js';
