/**
 * Internals shared with sibling packages (venue adapters, recorder, testing, sdk). No semver promise:
 * applications should import from the package root. Only what a sibling imports belongs here.
 */

export { equalJitterDelay } from './backoff.js';
export { lazyBook } from './book/lazy.js';
export { type Clock, MAX_TIMER_DELAY, systemClock } from './clock.js';
export { asyncDispose } from './dispose.js';
export { CODES, describeValue, isErrorCode } from './errors.js';
export { EventHub } from './events.js';
export {
  cadenceWindow,
  FeedMonitor,
  type FeedMonitorSettings,
  LagRing,
  OffsetEstimate,
  refreshEvery,
  refreshInterval,
  withFeeds,
} from './feed/index.js';
export { defaultGlobalSocketFactory, globalWebSocket, PAGE_SOCKET } from './global-socket.js';
export { resolveOptions, SCHEMA_KEYS } from './options.js';
export { browserLifecycle } from './page-lifecycle.js';
export { loadPaperEngine } from './paper.js';
export { type Check, checkOptions, is, literal, type Rule, type Rules } from './rules.js';
export {
  clientOrderIds,
  DeadMansSwitch,
  type KeeperChange,
  type KeeperEvent,
  type KeeperMechanism,
  type KeeperState,
  keeperTransition,
  type LinkEvents,
  type OrderRequest,
  type OrderStatus,
  type OrderView,
  type PlaceResult,
  type Reconciliation,
  type SettledOrder,
  type TradingSession,
  TradingSessionCore,
  type TradingSessionEvents,
  type TradingSessionOptions,
  type VenueLink,
} from './safety/index.js';
export { checkKeys, checkType, editDistance, nearestName } from './strict.js';
export { Subscriptions } from './subscriptions.js';
