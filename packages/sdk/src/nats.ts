/**
 * `zen-websocket/nats`: share venue connections and feeds across processes and machines through NATS
 * (`startGateway`, `connectVia`, `createSharedBudget`). A facade over `@zen-websocket/nats`; bring your own NATS
 * connection (`@nats-io/transport-node` on Node, `wsconnect` from `@nats-io/nats-core` elsewhere). An optional
 * peer: `npm install @zen-websocket/nats` beside `zen-websocket`. Guide: docs/distributed.md.
 */
export * from '@zen-websocket/nats';
