/**
 * `zen-websocket/bybit/safety`: everything `@zen-websocket/bybit/safety` exports (`tradingSession`: client order
 * ids, reconciliation after every reconnect, the dead-man's switch, a reserved budget for cancels), so one
 * install of `zen-websocket` is enough. The same file in every runtime: a session takes the client you made with
 * `zen-websocket/bybit`, which already carries the runtime's socket. Guide: docs/trading-safety.md.
 */
export * from '@zen-websocket/bybit/safety';
