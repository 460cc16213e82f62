/** Feed health: per-channel lag (p50/p99, clock-offset corrected) and a silence watchdog. */

export { OffsetEstimate } from './estimate.js';
export {
  type ClockOffsetSource,
  cadenceWindow,
  ESTIMATE_WINDOW_MS,
  type FeedChange,
  type FeedEvents,
  type FeedHealth,
  FeedMonitor,
  type FeedMonitorSettings,
  type FeedOptions,
} from './monitor.js';
export { refreshEvery, refreshInterval } from './refresh.js';
export { LagRing } from './ring.js';
export { withFeeds } from './wrap.js';
