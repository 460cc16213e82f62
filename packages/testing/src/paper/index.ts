/**
 * `@zen-websocket/testing/paper` — in-process paper-trading engines the venue adapters load when `paper` is on.
 * Node or a bundler; no sockets, no timers.
 */
export {
  createDeribitPaperEngine,
  type DeribitPaperEngine,
  type DeribitPaperEngineOptions,
  type PaperRefusal,
} from './deribit.js';
export { type DeribitPaperSession, deribitPaperSession } from './deribit-session.js';
export { applyLiveBook, type LiveLevel } from './live-book.js';
