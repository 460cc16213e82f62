/**
 * `@zen-websocket/testing`: a mock WebSocket server (Node) and fakes for testing zen-websocket clients.
 * Guide: `docs/testing.md`.
 */

// biome-ignore-all assist/source/organizeImports: grouped by area (mock server, then fakes), not by path

// The mock server (Node only: ws, node:http, node:https).
export { startMockServer } from './mock-server.js';
export { RpcFault } from './mock-server/rpc-fault.js';
export type {
  DisconnectReason,
  HandlerReply,
  InboundMessage,
  MessageMatcher,
  MockConnection,
  MockHandler,
  MockServer,
  MockServerOptions,
  OutboundMessage,
  RejectOptions,
  RpcMethod,
  RpcMethods,
  UpgradeRequest,
} from './mock-server/types.js';

// Fakes for unit tests (any runtime).
export { createFakeClock, createFakeSocketFactory } from './fakes/index.js';
export { type DeribitSimulator, type DeribitSimulatorOptions, startDeribitSimulator } from './deribit/index.js';
export {
  type ReplayMatcher,
  type ReplayServer,
  type ReplayServerOptions,
  sameRequest,
  startReplayServer,
} from './replay/server.js';
export {
  type BinanceSimulator,
  type BinanceSimulatorOptions,
  type BinanceSimulatorOrder,
  startBinanceSimulator,
} from './binance/index.js';
export {
  type BybitInbound,
  bybitAuthSignature,
  type BybitSimulator,
  type BybitSimulatorAccount,
  type BybitSimulatorConnection,
  type BybitSimulatorOptions,
  type BybitSimulatorOrder,
  startBybitSimulator,
} from './bybit/index.js';
export { type NatsServer, NatsServerError, type NatsServerOptions, startNatsServer } from './nats-server.js';
export { wsSocketFactory } from './ws-socket.js';
