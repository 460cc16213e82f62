/**
 * `zen-websocket.pool.iife.min.js`: client pools, routing, sharding and tab sharing as a script-tag add-on, on
 * `ZenWebsocket.pool` (`ZenWebsocket.pool.createClientPool`, …). Load it after `zen-websocket.iife.min.js`.
 */
export * from '@zen-websocket/core/pool';
