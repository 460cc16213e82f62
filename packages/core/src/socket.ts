/**
 * The socket seam. `SocketLike` is the part of the W3C `WebSocket` the client uses; every runtime's socket
 * (browsers, Deno, Bun, Node's native one, and `ws`) already has this shape. Optional extras are used where a
 * runtime has them: `ping()` for protocol ping frames, `terminate()` to drop a dead socket at once, and the
 * Node-style `on()` for pong frames and a faster message path.
 */
import type { LifecycleSource } from './connect-options.js';
import { checkSocketKind } from './node-socket.js';

/** Payloads a socket can send. */
export type SocketData = string | ArrayBufferLike | ArrayBufferView;

/** The W3C `WebSocket` subset the client needs, plus optional runtime extras. */
export interface SocketLike {
  readonly readyState: number;
  binaryType: string;
  readonly bufferedAmount?: number;
  readonly protocol?: string;
  send(data: SocketData): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code?: number; reason?: string; wasClean?: boolean }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  /** Send a ping frame (Node `ws` only). */
  ping?(data?: string | Uint8Array): void;
  /** Drop the connection without a close handshake (Node `ws` only). */
  terminate?(): void;
  /** Node EventEmitter-style subscription (Node `ws` only); used for `pong`/`ping` frames. */
  on?(event: string, listener: (...args: never[]) => void): unknown;
  /** DOM-style subscription; used for Bun's `pong`/`ping` events. */
  addEventListener?(type: string, listener: (event: unknown) => void): void;
}

/** What the client passes to a socket factory. */
export interface SocketInit {
  /** Extra HTTP headers for the upgrade request. Runtimes without header support ignore them (see `capabilities`). */
  headers: Readonly<Record<string, string>>;
  /** WebSocket sub-protocols, if any. */
  protocols: readonly string[];
  /** Largest inbound message in bytes; factories that can enforce it at the socket (Node `ws`) do so. */
  maxMessageSize: number;
}

/**
 * Creates a socket for one connection attempt. The SDK supplies the right one per runtime; pass your own to use
 * another implementation (e.g. Node's native `WebSocket`, a proxy agent, custom TLS).
 *
 * @example
 * const socketFactory: SocketFactory = (url, init) => new WebSocket(url, [...init.protocols]);
 */
export interface SocketFactory {
  (url: string, init: SocketInit): SocketLike;
  /** What this factory's sockets can do; absent fields are detected per socket. */
  capabilities?: SocketCapabilities;
  /**
   * The signals of the runtime its sockets live in, used when `connect` is given no `lifecycle`: the browser
   * factories (`webSocketFactory`, and a venue adapter's default where no `socketFactory` is given) carry the
   * page's (`online`, visibility, back/forward cache), so every client on the page's own `WebSocket` follows them.
   */
  lifecycle?: LifecycleSource;
}

/** What a runtime's socket supports, as reported in `docs/runtimes.md`. */
export interface SocketCapabilities {
  /** Can send protocol ping frames and see pongs. */
  ping: boolean;
  /** Sends custom headers on the upgrade request. */
  headers: boolean;
}

/** Ready states, as in the W3C `WebSocket`. */
export const ReadyState = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;

/**
 * Checks that `value` looks like a socket factory and that what it returned looks like a socket.
 * Throws a `TypeError` saying what is missing.
 */
export function assertSocketFactory(value: unknown): asserts value is SocketFactory {
  if (typeof value !== 'function') {
    throw new TypeError(
      `options.socketFactory must be a function (url, init) => WebSocket-like, got ${describe(value)}; ` +
        'the `zen-websocket` package supplies one per runtime',
    );
  }
}

const REQUIRED_METHODS = ['send', 'close'] as const;

/** Checks the object a factory returned. Throws a `TypeError` naming what is missing. */
export function assertSocketLike(socket: unknown): asserts socket is SocketLike {
  if (socket === null || typeof socket !== 'object') {
    throw new TypeError(`options.socketFactory returned ${describe(socket)}, not a WebSocket-like object`);
  }
  const s = socket as Record<string, unknown>;
  const missing = REQUIRED_METHODS.filter((m) => typeof s[m] !== 'function');
  if (typeof s.readyState !== 'number') missing.push('readyState' as never);
  if (missing.length > 0) {
    throw new TypeError(
      `options.socketFactory returned an object without ${missing.join(', ')} (a W3C WebSocket has send, close, readyState)`,
    );
  }
  checkSocketKind(s);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
