/**
 * @zen-websocket/nats — share venue connections and feeds across processes and machines through NATS: a gateway
 * that owns each venue connection under a KV lease and publishes its channels into JetStream, `connectVia` with
 * a direct client's subscribe / request / orderBook API, and a rate budget shared through KV. Guide:
 * docs/distributed.md.
 */
export { createSharedBudget, type SharedBudget, type SharedBudgetOptions } from './budget.js';
export { startGateway } from './gateway.js';
export type {
  Gateway,
  GatewayEvents,
  GatewayOptions,
  LeaseChange,
  RpcErrorBody,
  VenueConnection,
} from './gateway-types.js';
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
export { connectVia } from './via.js';
export type { ViaBookOptions } from './via-book.js';
export type {
  ReplayInfo,
  ViaClient,
  ViaEvents,
  ViaHandler,
  ViaMessage,
  ViaOptions,
  ViaRequestOptions,
} from './via-types.js';
