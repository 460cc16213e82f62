/**
 * `@zen-websocket/core/pool`: supervised client pools with restart policies, health-aware sending with
 * failover, a subscription sharder, and client sharing across tabs and workers. Guide:
 * `docs/limits-and-pools.md`.
 */

export { type BroadcastChannelLike, type ShareClientsOptions, type SharedClients, shareClients } from './broadcast.js';
export { PoolError, type PoolErrorCode } from './errors.js';
export { type HealthInputs, healthScore } from './health.js';
export { createClientPool } from './pool.js';
export { createRouter, notSent, type Router } from './router.js';
export {
  createSubscriptionSharder,
  planShards,
  type SharderEvents,
  type SharderOptions,
  type SubscriptionSharder,
} from './sharder.js';
export type {
  ClientDiscovery,
  ClientPool,
  ClientPoolOptions,
  ConnectFunction,
  MemberHealth,
  PoolDisconnectInfo,
  PoolEvents,
  PoolMember,
  RemovalReason,
  RestartPolicy,
  RouterOptions,
  SendBalancedOptions,
} from './types.js';
