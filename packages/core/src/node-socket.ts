/**
 * Node `ws`-style sockets (an EventEmitter with ping frames and pong events), wired by `attach()` in
 * transport.ts, and Bun's pong events. A module of its own so that builds for pages, which never get such sockets
 * (a page's `WebSocket` has no `ping()`), can leave it out:
 * core's browser builds replace it with browser-stand-ins.ts (rollup.config.mjs).
 */
import type { SocketLike } from './socket.js';
import { type SocketSink, toBytes, toConnectionError } from './transport.js';

interface NodeStyleSocket {
  on(event: string, listener: (...args: never[]) => void): unknown;
  emit?(event: string, ...args: unknown[]): boolean;
  ping(data?: string): void;
  close(code?: number, reason?: unknown): void;
  readonly readyState: number;
  _eventsCount?: number;
  [kSink]?: SocketSink;
  [kClose]?: (code?: number, reason?: unknown) => void;
}

/** Where a Node-style socket keeps its sink (one own property instead of a closure per event). */
const kSink: unique symbol = Symbol('sink');
/** The socket's `close` before we hooked it. */
const kClose: unique symbol = Symbol('close');

/** Whether the socket is Node `ws`-style: an EventEmitter with ping frames and pong events. */
function isNodeStyle(socket: SocketLike): socket is SocketLike & NodeStyleSocket {
  return typeof socket.on === 'function' && typeof socket.ping === 'function';
}

/**
 * Whether the socket can send ping frames AND show their pongs: `ws` (EventEmitter `pong`) or Bun (`ping()` plus
 * a `pong` DOM event). Browsers, Deno and Node's native socket cannot.
 */
export function canPing(socket: SocketLike): boolean {
  return (
    typeof socket.ping === 'function' &&
    (typeof socket.on === 'function' || typeof socket.addEventListener === 'function')
  );
}

/** Whether this build has sockets with ping frames (page builds: `false`: the ping sender and pong handling go). */
export const PING_FRAMES: boolean = true;

/** `Node 20`, or `this runtime` where there is no Node version to name (for messages; browser builds: never Node). */
export function runtimeName(): string {
  const node = (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node;
  return typeof node === 'string' ? `Node ${node.split('.')[0]}` : 'this runtime';
}

/** Every kind of socket is wired in this build (the browser builds refuse a `ws` socket: browser-stand-ins.ts). */
export function checkSocketKind(_socket: object): void {}

/** Wires a Node `ws`-style socket to `sink` and returns true; any other socket is left alone (false). */
export function attachNodeStyle(socket: SocketLike, sink: SocketSink): boolean {
  if (!isNodeStyle(socket)) return false;
  attachNode(socket, sink);
  return true;
}

/**
 * Node `ws`-style sockets. An EventEmitter gets one own `emit` that hands our events straight to the sink
 * (`emitToSink`, shared by every socket): no listener closures per socket and no growth of its `_events`
 * table, which together cost ~0.7 KB per idle client (bench/README.md). Events we do not take (`upgrade`,
 * `unexpected-response`…) and any listeners the socket's factory added still go through the EventEmitter.
 * An object with `on()` but no `emit()` (a test double) gets listeners.
 */
function attachNode(socket: NodeStyleSocket, sink: SocketSink): void {
  socket[kSink] = sink;
  if (typeof socket.emit === 'function') socket.emit = emitToSink;
  else listen(socket);
  // `ws` has no event for a close frame from the peer: it answers by calling its own close() and waits for the
  // TCP end (up to 30 s against a peer that keeps TCP open). Seeing that call is how the client learns at once.
  socket[kClose] = socket.close;
  socket.close = closeAndTell;
}

function emitToSink(this: NodeStyleSocket, event: string, a?: unknown, b?: unknown): boolean {
  const sink = this[kSink] as SocketSink;
  switch (event) {
    case 'message':
      // a plain Uint8Array view of ws's Buffer (no copy): the same type every runtime delivers.
      // `toString()` (Buffer → UTF-8) rather than `String(data)`: 0.1 µs less per message (bench/README.md).
      if (b) sink.binary(a instanceof Uint8Array ? new Uint8Array(a.buffer, a.byteOffset, a.byteLength) : bytesOf(a));
      else sink.text((a as { toString(): string }).toString());
      break;
    case 'open':
      sink.open();
      break;
    case 'close':
      sink.close(a as number, String(b ?? ''));
      break;
    case 'error':
      sink.error(toConnectionError(a));
      break;
    case 'pong':
      sink.control();
      sink.pong(String(a));
      break;
    case 'ping':
      sink.control();
      break;
    default:
      return forward(this, event, a, b);
  }
  if (this._eventsCount) forward(this, event, a, b);
  return true;
}

/** Bytes of a binary message: `ws` delivers a list of fragments when the socket's `binaryType` is `'fragments'`. */
function bytesOf(data: unknown): Uint8Array {
  if (!Array.isArray(data)) return toBytes(data);
  const parts = data.map(toBytes);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

/**
 * A W3C socket that sends ping frames and reports control frames as DOM events (Bun): its `pong` and `ping`
 * events reach the sink. Any other socket is left alone.
 */
export function attachPongEvents(socket: SocketLike, sink: SocketSink): void {
  if (typeof socket.ping !== 'function' || typeof socket.addEventListener !== 'function') return;
  socket.addEventListener('pong', (event) => {
    sink.control();
    // Bun delivers the payload as bytes
    const data = (event as { data?: unknown }).data;
    sink.pong(typeof data === 'string' ? data : new TextDecoder().decode(toBytes(data)));
  });
  socket.addEventListener('ping', () => sink.control());
}

/** The EventEmitter's own `emit`, for events we do not take and for listeners others added (if any). */
function forward(socket: NodeStyleSocket, event: string, a: unknown, b: unknown): boolean {
  const emitter = socket as NodeStyleSocket & { listenerCount(e: string): number };
  const emit = (Object.getPrototypeOf(socket) as NodeStyleSocket).emit as NonNullable<NodeStyleSocket['emit']>;
  return emitter.listenerCount(event) > 0 && emit.call(socket, event, a, b);
}

function closeAndTell(this: NodeStyleSocket, code?: number, reason?: unknown): void {
  const wasOpen = this.readyState === 1;
  this[kClose]?.call(this, code, reason);
  if (wasOpen && (this.readyState as number) === 2)
    this[kSink]?.closing(code ?? 1005, reason == null ? '' : String(reason));
}

/** Listeners, for an emitter without `emit()` (a test double): each event goes the same way. */
function listen(socket: NodeStyleSocket): void {
  for (const event of ['open', 'message', 'error', 'close', 'pong', 'ping'])
    socket.on(event, ((a: unknown, b: unknown) => emitToSink.call(socket, event, a, b)) as (...args: never[]) => void);
}
