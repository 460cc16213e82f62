/**
 * The live part of the mock server: accepts or rejects upgrades, captures and dispatches messages, answers pings,
 * and tears everything down. `startMockServer` wraps it in the public {@link MockServer} shape.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type BoundedLog, createBoundedLog } from './bounded-log.js';
import { type ConnectionHandle, createConnection } from './connection.js';
import { type ConnectionQueue, createConnectionQueue } from './connection-queue.js';
import { type DispatchContext, dispatch } from './dispatch.js';
import { fromFrame } from './frames.js';
import { type Listener, upgradeRequestOf, writeRejection } from './http-server.js';
import { invoke } from './invoke.js';
import type { ResolvedOptions } from './options.js';
import type { InboundMessage, MockConnection, RejectOptions, UpgradeRequest } from './types.js';
import type { PendingWaits } from './wait.js';

/** `stalled`: half-open (read nothing, send nothing, answer no pings). `stopped`: final. */
export type Phase = 'running' | 'stalled' | 'stopped';

/** The server's mutable state, read by the public wrapper. */
export interface Engine {
  phase: Phase;
  rejection: { readonly status: number; readonly options: RejectOptions } | null;
  readonly accepted: number;
  /** Connections whose socket has not closed yet, in accept order. */
  readonly live: ReadonlySet<ConnectionHandle>;
  readonly received: BoundedLog<InboundMessage>;
  readonly upgrades: BoundedLog<UpgradeRequest>;
  readonly queue: ConnectionQueue;
  readonly pending: PendingWaits;
  /** Terminates every connection, settles every wait, closes the listener. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Attaches the WebSocket machinery to a listening HTTP(S) server.
 *
 * @example
 * const engine = createEngine(await listen(0, undefined), resolveOptions({}));
 */
export function createEngine(listener: Listener, options: ResolvedOptions): Engine {
  const wss = new WebSocketServer({ noServer: true, autoPong: false, clientTracking: false });
  const live = new Set<ConnectionHandle>();
  let accepted = 0;
  let stopping: Promise<void> | undefined;
  const context: DispatchContext = { rpc: options.rpc, handler: options.handler, report: reporter(options) };
  const engine: Engine = {
    phase: 'running',
    rejection: null,
    get accepted() {
      return accepted;
    },
    live,
    received: createBoundedLog(options.maxMessages),
    upgrades: createBoundedLog(options.maxMessages),
    queue: createConnectionQueue(),
    pending: new Set(),
    stop: () => {
      stopping ??= shutDown();
      return stopping;
    },
  };

  const accept = (ws: WebSocket, upgrade: UpgradeRequest): void => {
    if (engine.phase === 'stopped') {
      ws.terminate();
      return;
    }
    accepted += 1;
    const canSend = (): boolean => engine.phase === 'running';
    const handle = createConnection(ws, { ...upgrade, id: accepted, capacity: options.maxMessages, canSend });
    live.add(handle);
    ws.on('error', () => {}); // a client's protocol error ends in 'close'; nothing to report
    ws.on('ping', (data) => {
      if (canSend()) ws.pong(data);
    });
    ws.on('message', (data, isBinary) => receive(handle, fromFrame(data, isBinary)));
    void handle.closed.then(() => {
      live.delete(handle);
      engine.queue.remove(handle.connection);
    });
    greet(handle.connection);
    engine.queue.offer(handle.connection);
  };

  const receive = (handle: ConnectionHandle, message: InboundMessage): void => {
    if (engine.phase !== 'running') return; // stalled: the server "stopped reading"
    handle.log.push(message);
    engine.received.push(message);
    dispatch(message, handle.connection, context);
  };

  const greet = (connection: MockConnection): void => {
    const { onConnection } = options;
    if (onConnection)
      invoke(
        () => onConnection(connection),
        () => {},
        (error) => context.report(error, connection),
      );
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const upgrade = upgradeRequestOf(request);
    engine.upgrades.push(upgrade);
    if (engine.phase === 'stopped') socket.destroy();
    else if (engine.rejection) writeRejection(socket, engine.rejection.status, engine.rejection.options);
    else wss.handleUpgrade(request, socket, head, (ws) => accept(ws, upgrade));
  };

  const shutDown = async (): Promise<void> => {
    engine.phase = 'stopped';
    for (const cancel of [...engine.pending]) cancel();
    await Promise.all([...live].map((handle) => handle.end({ kind: 'terminate' })));
    listener.server.off('upgrade', onUpgrade);
    wss.close();
    await listener.close();
  };

  listener.server.on('upgrade', onUpgrade);
  return engine;
}

function reporter(options: ResolvedOptions): DispatchContext['report'] {
  return (error, connection) => {
    const { onError } = options;
    if (onError) {
      try {
        onError(error, connection);
        return;
      } catch (hookError) {
        console.error('[mock server] options.onError threw:', hookError, 'while reporting:', error);
        return;
      }
    }
    console.error(
      `[mock server] user code failed on connection ${connection.id} (pass options.onError to handle this):`,
      error,
    );
  };
}
