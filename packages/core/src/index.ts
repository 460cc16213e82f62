/**
 * @zen-websocket/core — the transport-agnostic engine. Most users import `zen-websocket`, which re-exports
 * this and supplies the socket for their runtime.
 */

export { type Classifier, classify, type Decision } from './classify.js';
export { type Client, connect, type RequestOptions, type StateMetrics } from './client.js';
export type { Clock } from './clock.js';
export {
  AbortError,
  AuthError,
  ConnectionError,
  ERROR_CODES,
  type ErrorCode,
  isZenError,
  NotConnectedError,
  ProtocolError,
  RequestError,
  type RequestOutcome,
  RetriesExhaustedError,
  RpcError,
  ZenError,
} from './errors.js';
export type { ClientEvents, HeartbeatEvent, ReconnectInfo, StateChange, Unsubscribe } from './events.js';
export { explain } from './explain.js';
export type { ClockOffsetSource, FeedChange, FeedEvents, FeedHealth, FeedOptions } from './feed/index.js';
export type { HeartbeatHealth } from './heartbeat.js';
export type { MessageStreamOptions } from './iterator.js';
export type { LatencyStats } from './latency.js';
export type {
  ConnectOptions,
  DisconnectInfo,
  HandlerMessage,
  HeartbeatOptions,
  HeartbeatType,
  LifecycleSignal,
  LifecycleSource,
  OutboundGate,
  RecordEntry,
  RecordSink,
  UrlSource,
} from './options.js';
export {
  type JsonObject,
  type JsonRpcOptions,
  jsonRpc,
  type Protocol,
  type Settlement,
  settleJsonRpc,
} from './protocol.js';
export type { SocketCapabilities, SocketData, SocketFactory, SocketInit, SocketLike } from './socket.js';
export type { ConnectionState } from './state.js';
export type { ChannelStatus } from './subscriptions.js';
export { Telemetry, type TelemetryEvents, telemetry } from './telemetry.js';
