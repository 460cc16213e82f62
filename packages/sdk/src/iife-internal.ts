/**
 * `ZenWebsocket.__internal` in the script-tag build: the internals of `@zen-websocket/core` that the add-on
 * scripts (`zen-websocket.deribit.iife.min.js`, `.binance`, `.limiter`, `.pool`, `.recorder`) take from the core script
 * instead of bundling core a second time. Not an API: no semver promise, names may change with any release,
 * and an add-on only works with the core script of its own version. The build fails when an add-on needs a
 * name missing here (rollup.config.mjs, `coreFromGlobal`); keep the list to what the add-ons use.
 */
export {
  asyncDispose,
  CODES,
  checkKeys,
  checkOptions,
  checkType,
  describeValue,
  EventHub,
  equalJitterDelay,
  is,
  isErrorCode,
  literal,
  MAX_TIMER_DELAY,
  nearestName,
  SCHEMA_KEYS,
  Subscriptions,
  systemClock,
} from '@zen-websocket/core/internal';
