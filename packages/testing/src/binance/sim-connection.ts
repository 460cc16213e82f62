/**
 * One accepted simulator connection over a `ws` socket: captures inbound text, counts frames against the
 * message limit (stream connections), pings every `pingInterval` and closes when pongs stop for
 * `pongTimeout`, ends itself at the end of its lifetime, and can be stalled (half-open: reads and sends
 * nothing, answers no ping).
 */
import WebSocket from 'ws';
import { type BoundedLog, createBoundedLog } from '../kit/bounded-log.js';
import type { SimSettings } from './options.js';
import { createRateCounter } from './rate-counter.js';
import type { BinanceSimulatorClose, BinanceSimulatorConnection } from './types.js';

/** The simulator's handle on a connection. */
export interface SimConnection extends BinanceSimulatorConnection {
  /** Subscribed streams (stream connections). */
  readonly subscriptions: Set<string>;
  /** Wrap payloads as `{stream, data}` (true on `/stream`, false on `/ws`; SET_PROPERTY changes it). */
  combined: boolean;
  /** Per-connection state of the API endpoint (session, user data subscriptions). */
  readonly data: Map<string, unknown>;
  /** Sends a message (objects as JSON); false when closed or stalled. */
  send(message: object | string): boolean;
  /** Closes from the server side, recording it as the server's doing. */
  end(code: number | 'abnormal', reason?: string): Promise<void>;
  /** Resolves once the socket is closed. */
  readonly closed: Promise<void>;
}

/** What the endpoint owning the connection wants to hear. */
export interface SimConnectionInit {
  readonly id: number;
  readonly kind: 'stream' | 'api';
  readonly path: string;
  readonly query: string;
  readonly settings: SimSettings;
  readonly log: BoundedLog<string>;
  /** Whether the server has stalled this connection (half-open: it reads and sends nothing). */
  stalled(): boolean;
  onText(connection: SimConnection, text: string): void;
  onClose(close: BinanceSimulatorClose): void;
}

/**
 * Wraps an open socket.
 *
 * @example
 * const conn = createSimConnection(ws, { id: 1, kind: 'stream', path: '/ws', query: '', settings, log, onText, onClose });
 */
export function createSimConnection(ws: WebSocket, init: SimConnectionInit): SimConnection {
  const { settings } = init;
  const received = createBoundedLog<string>(settings.maxMessages);
  const counter = createRateCounter(settings.messageLimit, 1000);
  const timers: NodeJS.Timeout[] = [];
  let serverClose: { code: number; reason: string } | undefined;
  let pongs = 0;
  let lastPong = Date.now();
  let pingSeq = 0;
  let lastPing = '';

  const closed = new Promise<void>((resolve) => {
    ws.once('close', (code, reason) => {
      for (const t of timers) clearTimeout(t);
      const by = serverClose ? 'server' : 'client';
      init.onClose({ id: init.id, kind: init.kind, by, ...(serverClose ?? { code, reason: String(reason) }) });
      resolve();
    });
  });

  const end = (code: number | 'abnormal', reason = ''): Promise<void> => {
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
      serverClose ??= { code: code === 'abnormal' ? 1006 : code, reason };
      if (code === 'abnormal') ws.terminate();
      else ws.close(code, reason);
    }
    return closed;
  };

  /** Counts a frame against the limit (stream connections only); closes with 1008 when over. */
  const count = (): boolean => {
    if (init.kind !== 'stream' || counter.hit(Date.now())) return true;
    void end(1008, 'Too many requests');
    return false;
  };

  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => {
    if (init.stalled() || !count() || isBinary) return;
    const text = String(data);
    received.push(text);
    init.log.push(text);
    init.onText(connection, text);
  });
  ws.on('ping', (data) => {
    if (init.stalled() || !count()) return;
    ws.pong(data);
  });
  ws.on('pong', (data) => {
    if (init.stalled() || !count()) return;
    if (String(data) === lastPing) {
      pongs++;
      lastPong = Date.now();
    }
  });

  const every = (ms: number, fn: () => void): void => {
    timers.push(setInterval(fn, ms));
  };
  if (settings.pingIntervalMs > 0) {
    every(settings.pingIntervalMs, () => {
      if (init.stalled()) lastPong = Date.now(); // a stalled server does not time its clients out
      if (init.stalled() || ws.readyState !== WebSocket.OPEN) return;
      if (Date.now() - lastPong > settings.pongTimeoutMs) return void end(1008, 'Pong timeout');
      lastPing = String(++pingSeq);
      ws.ping(lastPing);
    });
    every(Math.min(settings.pongTimeoutMs, 1000), () => {
      if (!init.stalled() && Date.now() - lastPong > settings.pongTimeoutMs) void end(1008, 'Pong timeout');
    });
  }
  timers.push(setTimeout(() => void end(1001, 'Connection lifetime exceeded'), settings.connectionLifetimeMs));

  const connection: SimConnection = {
    id: init.id,
    kind: init.kind,
    path: init.path,
    query: init.query,
    subscriptions: new Set(),
    combined: init.path === '/stream',
    data: new Map(),
    get open() {
      return ws.readyState === WebSocket.OPEN;
    },
    get streams() {
      return [...connection.subscriptions];
    },
    get received() {
      return received.items();
    },
    get frames() {
      return counter.total;
    },
    get pongs() {
      return pongs;
    },
    get stalled() {
      return init.stalled();
    },
    send(message) {
      if (init.stalled() || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(typeof message === 'string' ? message : JSON.stringify(message));
      return true;
    },
    end,
    close: (code = 1000, reason = '') => end(code, reason),
    terminate: () => end('abnormal'),
    closed,
  };
  return connection;
}
