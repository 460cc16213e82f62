/**
 * `@zen-websocket/testing/paper` — in-process paper-trading engines the venue adapters load when `paper` is on.
 * Node or a bundler. The engines use no sockets or timers; the Binance session opens market streams of its own
 * when none are given.
 */

export type { BybitRestAnswer } from '../bybit/rest.js';
export {
  type BinancePaperEngine,
  type BinancePaperEngineOptions,
  type BinancePaperRefusal,
  type BinanceTouch,
  createBinancePaperEngine,
} from './binance.js';
export {
  type BinancePaperLink,
  type BinancePaperSession,
  type BinancePaperSessionOptions,
  binancePaperSession,
  streamHostOf,
} from './binance-session.js';
export {
  type BybitPaperEngine,
  type BybitPaperEngineOptions,
  type BybitPaperReply,
  createBybitPaperEngine,
} from './bybit.js';
export {
  type BybitPaperLink,
  type BybitPaperMessage,
  type BybitPaperRefusal,
  type BybitPaperSession,
  bybitPaperSession,
} from './bybit-session.js';
export {
  createDeribitPaperEngine,
  type DeribitPaperEngine,
  type DeribitPaperEngineOptions,
  type PaperRefusal,
} from './deribit.js';
export { type DeribitPaperSession, deribitPaperSession } from './deribit-session.js';
export { applyLiveBook, type LiveLevel } from './live-book.js';
