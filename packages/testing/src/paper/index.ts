/**
 * `@zen-websocket/testing/paper` — in-process paper-trading engines the venue adapters load when `paper` is on.
 * Node or a bundler; no sockets, no timers.
 */
export type { BybitRestAnswer } from '../bybit/rest.js';
export {
  type BybitPaperEngine,
  type BybitPaperEngineOptions,
  type BybitPaperReply,
  createBybitPaperEngine,
} from './bybit.js';
export {
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
