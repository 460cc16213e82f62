/**
 * The live part of the mock server, on the shared server kit: captures and dispatches messages, answers pings,
 * and greets new connections. Listening, upgrades, rejection, stall and stop are the kit's.
 * `startMockServer` wraps it in the public {@link MockServer} shape.
 */
import type { WebSocket } from 'ws';
import { type BoundedLog, createBoundedLog } from '../kit/bounded-log.js';
import { KitServer } from '../kit/server.js';
import type { TlsCredentials } from '../kit/tls.js';
import { type ConnectionHandle, createConnection } from './connection.js';
import { type ConnectionQueue, createConnectionQueue } from './connection-queue.js';
import { type DispatchContext, dispatch } from './dispatch.js';
import { fromFrame } from './frames.js';
import { invoke } from './invoke.js';
import type { ResolvedOptions } from './options.js';
import type { InboundMessage, MockConnection, UpgradeRequest } from './types.js';

/** The server's state, read by the public wrapper. */
export interface Engine {
  readonly kit: KitServer;
  readonly accepted: number;
  /** Connections whose socket has not closed yet, in accept order. */
  readonly live: ReadonlySet<ConnectionHandle>;
  readonly received: BoundedLog<InboundMessage>;
  readonly upgrades: BoundedLog<UpgradeRequest>;
  readonly queue: ConnectionQueue;
}

/**
 * Starts the kit with the mock server's behaviour.
 *
 * @example
 * const engine = await createEngine(resolveOptions({}), undefined);
 */
export async function createEngine(options: ResolvedOptions, tls: TlsCredentials | undefined): Promise<Engine> {
  const live = new Set<ConnectionHandle>();
  let accepted = 0;
  const context: DispatchContext = { rpc: options.rpc, handler: options.handler, report: reporter(options) };
  const received = createBoundedLog<InboundMessage>(options.maxMessages);
  const upgrades = createBoundedLog<UpgradeRequest>(options.maxMessages);
  const queue = createConnectionQueue();

  const accept = (ws: WebSocket, upgrade: UpgradeRequest): void => {
    accepted += 1;
    const canSend = (): boolean => !kit.isStalled(ws);
    const handle = createConnection(ws, { ...upgrade, id: accepted, capacity: options.maxMessages, canSend });
    live.add(handle);
    ws.on('error', () => {}); // a client's protocol error ends in 'close'; nothing to report
    ws.on('ping', (data) => {
      if (canSend()) ws.pong(data);
    });
    ws.on('message', (data, isBinary) => {
      if (!canSend()) return; // stalled: the server "stopped reading"
      const message = fromFrame(data, isBinary);
      handle.log.push(message);
      received.push(message);
      dispatch(message, handle.connection, context);
    });
    void handle.closed.then(() => {
      live.delete(handle);
      queue.remove(handle.connection);
    });
    greet(handle.connection);
    queue.offer(handle.connection);
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

  const kit = await KitServer.start({
    port: options.port,
    tls,
    onUpgrade: (upgrade) => upgrades.push(upgrade),
    route: () => accept,
  });
  return {
    kit,
    get accepted() {
      return accepted;
    },
    live,
    received,
    upgrades,
    queue,
  };
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
