/**
 * One accepted connection: the {@link MockConnection} users see, over a `ws` socket.
 */
import WebSocket from 'ws';
import { type BoundedLog, createBoundedLog } from '../kit/bounded-log.js';
import { type CloseAction, closeWith } from '../kit/close-codes.js';
import { toFrame } from './frames.js';
import type { InboundMessage, MockConnection, UpgradeRequest } from './types.js';

/** What the server knows about a connection when it accepts it. */
export interface ConnectionInit extends UpgradeRequest {
  readonly id: number;
  /** Cap of the per-connection capture. */
  readonly capacity: number;
  /** `false` while the server is stalled or stopped: nothing may be sent. */
  readonly canSend: () => boolean;
}

/** The server's handle on a connection. */
export interface ConnectionHandle {
  readonly connection: MockConnection;
  /** This connection's captured messages. */
  readonly log: BoundedLog<InboundMessage>;
  /** Resolves once the socket is closed on the server side. */
  readonly closed: Promise<void>;
  /** Closes or drops the connection; resolves once it is closed. */
  end(action: CloseAction): Promise<void>;
}

/**
 * Wraps an open `ws` socket.
 *
 * @example
 * const handle = createConnection(ws, { id: 1, path: '/ws', query: '', headers: {}, capacity: 1000, canSend: () => true });
 */
export function createConnection(ws: WebSocket, init: ConnectionInit): ConnectionHandle {
  const log = createBoundedLog<InboundMessage>(init.capacity);
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  const writable = (): boolean => ws.readyState === WebSocket.OPEN && init.canSend();
  const end = (action: CloseAction): Promise<void> => {
    if (action.kind === 'terminate') ws.terminate();
    else ws.close(action.code, action.reason);
    return closed;
  };
  const connection: MockConnection = {
    id: init.id,
    path: init.path,
    query: init.query,
    headers: init.headers,
    data: new Map(),
    get open() {
      return ws.readyState === WebSocket.OPEN;
    },
    get received() {
      return log.items();
    },
    send(message) {
      const frame = toFrame(message);
      if (!writable()) return false;
      ws.send(frame);
      return true;
    },
    ping(data) {
      if (!writable()) return false;
      ws.ping(data);
      return true;
    },
    close: (code = 1000, reason = '') => end(closeWith(code, reason)),
    terminate: () => end({ kind: 'terminate' }),
  };
  return { connection, log, closed, end };
}
