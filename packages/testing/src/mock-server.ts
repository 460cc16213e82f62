/**
 * `startMockServer`: a real WebSocket server on 127.0.0.1 for tests — yours and ours. Node only (uses `ws`,
 * `node:http` and `node:https`). The user guide is `docs/testing.md`.
 */

import { closeActionFor } from './kit/close-codes.js';
import { asyncDispose, type DropCode } from './kit/server.js';
import { createTlsCredentials } from './kit/tls.js';
import { checkTimeout, waitForMatch } from './kit/wait.js';
import { createEngine, type Engine } from './mock-server/engine.js';
import { preview, toFrame } from './mock-server/frames.js';
import { checkMatcher, describeMatcher } from './mock-server/matchers.js';
import { resolveOptions } from './mock-server/options.js';
import type {
  DisconnectReason,
  InboundMessage,
  MessageMatcher,
  MockConnection,
  MockServer,
  MockServerOptions,
  OutboundMessage,
} from './mock-server/types.js';

/**
 * Starts a mock WebSocket server on 127.0.0.1 (port 0 = any free port by default). Without `handler` or `rpc`
 * it answers text "ping" with "pong", echoes other text as "echo: <text>" and echoes binary frames.
 * Stop it with `stop()` or `await using`.
 *
 * @example
 * const server = await startMockServer({
 *   rpc: { 'public/test': () => ({ version: '1.2.26' }) },
 * });
 * const client = new WebSocket(server.url);
 * // … exercise the client …
 * expect(await server.assertMessageSent({ method: 'public/test' })).toBe(true);
 * await server.stop();
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const settings = resolveOptions(options);
  const credentials = settings.tls ? await createTlsCredentials() : undefined;
  const engine = await createEngine(settings, credentials);
  const { kit } = engine;
  const url = credentials
    ? `wss://localhost:${kit.port}${settings.path}`
    : `ws://127.0.0.1:${kit.port}${settings.path}`;
  const drop = (code: DropCode = 'abnormal', reason?: string): Promise<void> =>
    simulateDisconnect(engine, code, reason);
  return {
    url,
    port: kit.port,
    ...(credentials ? { ca: credentials.cert } : {}),
    get received() {
      return engine.received.items();
    },
    get connections() {
      return openConnections(engine);
    },
    get connectionCount() {
      return engine.accepted;
    },
    get upgrades() {
      return engine.upgrades.items();
    },
    inject: (message) => inject(engine, message),
    injectMessage: (message) => inject(engine, message),
    assertMessageSent: (matcher, timeoutMs = 1000) => assertMessageSent(engine, matcher, timeoutMs),
    waitForMessage: (matcher, timeoutMs = 1000) => waitForMessage(engine, matcher, timeoutMs),
    waitForConnection: (timeoutMs = 2000) => waitForConnection(engine, timeoutMs),
    drop,
    simulateDisconnect: (reason = 'normal', closeReason) => simulateDisconnect(engine, reason, closeReason),
    stall: (scope) => kit.stall(scope),
    resume: () => kit.resume(),
    reject: (status, rejectOptions = {}) => kit.reject(status, rejectOptions),
    stop: () => kit.stop(),
    [asyncDispose]: () => kit.stop(),
  };
}

function openConnections(engine: Engine): MockConnection[] {
  return [...engine.live].map((handle) => handle.connection).filter((connection) => connection.open);
}

function inject(engine: Engine, message: OutboundMessage): number {
  const frame = toFrame(message);
  return openConnections(engine).filter((connection) => connection.send(frame)).length;
}

function assertMessageSent(engine: Engine, matcher: MessageMatcher, timeoutMs: number): Promise<boolean> {
  checkMatcher(matcher);
  checkTimeout(timeoutMs, 'assertMessageSent');
  const outcome = waitForMatch(engine.received, matcher, timeoutMs, engine.kit.pending, engine.kit.stopped);
  return outcome.then((result) => 'found' in result);
}

async function waitForMessage(engine: Engine, matcher: MessageMatcher, timeoutMs: number): Promise<InboundMessage> {
  checkMatcher(matcher);
  checkTimeout(timeoutMs, 'waitForMessage');
  const outcome = await waitForMatch(engine.received, matcher, timeoutMs, engine.kit.pending, engine.kit.stopped);
  if ('found' in outcome) return outcome.found;
  const received = engine.received.items();
  const last = received.at(-1);
  const why = outcome.missed === 'stopped' ? 'before the mock server was stopped' : `within ${timeoutMs} ms`;
  throw new Error(
    `waitForMessage: no message matching ${describeMatcher(matcher)} arrived ${why} ` +
      `(${received.length} captured${last === undefined ? '' : `; last: ${preview(last)}`})`,
  );
}

async function waitForConnection(engine: Engine, timeoutMs: number): Promise<MockConnection> {
  checkTimeout(timeoutMs, 'waitForConnection');
  const outcome = await engine.queue.take(timeoutMs, engine.kit.pending, engine.kit.stopped);
  if ('found' in outcome) return outcome.found;
  const why = outcome.missed === 'stopped' ? 'before the mock server was stopped' : `within ${timeoutMs} ms`;
  throw new Error(
    `waitForConnection: no new connection ${why} (${engine.accepted} accepted so far, ${openConnections(engine).length} open)`,
  );
}

async function simulateDisconnect(engine: Engine, reason: DisconnectReason, closeReason?: string): Promise<void> {
  const action = closeActionFor(reason, closeReason);
  await engine.kit.drop(
    action.kind === 'terminate' ? 'abnormal' : action.code,
    action.kind === 'close' ? action.reason : '',
  );
}
