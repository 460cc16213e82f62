/**
 * What core's browser builds have in place of its two Node-only parts (rollup.config.mjs, `NODE_STAND_INS`): the
 * `browser` condition of `@zen-websocket/core` (what a bundler targeting pages resolves), the one-file ES module
 * and the core script tag. A page's `WebSocket` is never a Node `ws` socket (an EventEmitter with ping frames), and
 * its error event carries no Node/libuv code or OpenSSL message, so:
 * - `node-socket.ts` (the `ws` wiring and Bun's pong events) becomes "nothing to wire", and a socket with `ping()`
 *   that still reaches such a build is refused with a TypeError saying which build to use (it would otherwise open
 *   without its pongs, and a `ping_pong` heartbeat would time out for no visible reason);
 * - the transport's `system-errors.ts` reading of Node/`ws` error details (upgrade status, `ws`, system and TLS
 *   codes) finds nothing (`explain()` keeps its own copy of the table).
 * Node, Deno and Bun resolve the full builds.
 */
import type { ErrorCode, ZenError } from './errors.js';
import type { SocketLike } from './socket.js';
import type { SocketSink } from './transport.js';

/** No Node `ws` sockets in a browser build: attaches nothing (the W3C path in transport.ts does). */
export function attachNodeStyle(_socket: SocketLike, _sink: SocketSink): boolean {
  return false;
}

/** No socket here sends ping frames (those that do are refused: `checkSocketKind`). */
export function canPing(_socket: SocketLike): boolean {
  return false;
}

/** No socket here sends ping frames: the ping-frame sender and the heartbeat's pong handling are left out. */
export const PING_FRAMES: boolean = false;

/** No socket here sends ping frames: nothing to listen for. */
export function attachPongEvents(_socket: SocketLike, _sink: SocketSink): void {}

/**
 * A socket with `ping()` (Node `ws`, Bun) in a browser build: a TypeError naming the build to use (this build would
 * not see its pongs, and a `ping_pong` heartbeat would declare a live connection dead).
 */
export function checkSocketKind(socket: object): void {
  const s = socket as SocketLike;
  if (typeof s.ping !== 'function') return;
  // nobody will listen to it: end it, and keep a `ws` handshake's failure from being an unhandled 'error' event
  s.on?.('error', () => {});
  s.close();
  throw new TypeError(
    "a socket with ping() (Node ws, Bun) needs zen-websocket's build for its runtime, not this browser build",
  );
}

/** A page is never Node: `this runtime`. */
export function runtimeName(): string {
  return 'this runtime';
}

/** No system codes in a browser: always `undefined`. */
export function codeOfSystemError(_code: unknown, _message: unknown): ErrorCode | undefined {
  return undefined;
}

/** A browser's error event carries no upgrade status, `ws` code or system code: always `undefined`. */
export function systemError(_raw: unknown, _code: string, _message: string): ZenError | undefined {
  return undefined;
}
