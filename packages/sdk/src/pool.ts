/**
 * `zen-websocket/pool`: client pools, balanced sends with failover, subscription sharding and sharing clients
 * across tabs (docs/limits-and-pools.md). A facade over the public `@zen-websocket/core/pool` entry.
 */
export * from '@zen-websocket/core/pool';
