/**
 * @zen-websocket/nats — share venue connections and feeds across processes and machines through NATS: a gateway
 * that owns each venue connection under a KV lease and publishes its channels into JetStream, `connectVia` with
 * a direct client's subscribe / request / orderBook API, and a rate budget shared through KV. Guide:
 * docs/distributed.md.
 */
export { createSharedBudget, type SharedBudget, type SharedBudgetOptions } from './budget.js';
export {
  type Gateway,
  type GatewayEvents,
  type GatewayOptions,
  type LeaseChange,
  type RpcErrorBody,
  startGateway,
  type VenueConnection,
} from './gateway.js';
export {
  BUDGET_BUCKET,
  CHANNEL_BUCKET,
  channelOf,
  LEASE_BUCKET,
  QUEUE_GROUP,
  rpcSubject,
  streamFor,
  subjectFor,
} from './subjects.js';
export { type NatsTelemetryEvents, natsTelemetry } from './telemetry.js';
export {
  connectVia,
  type ReplayInfo,
  type ViaClient,
  type ViaEvents,
  type ViaHandler,
  type ViaMessage,
  type ViaOptions,
  type ViaRequestOptions,
} from './via.js';
export type { ViaBookOptions } from './via-book.js';
