import { ConnectionError, type ZenError } from './errors.js';
import { attachNodeStyle, attachPongEvents } from './node-socket.js';
import type { SocketLike } from './socket.js';
// imported from its own file (not errors.ts), so that browser builds can leave it out (browser-stand-ins.ts)
import { systemError } from './system-errors.js';

/** What a socket reports, normalised across runtimes. */
export interface SocketSink {
  open(): void;
  text(data: string): void;
  binary(data: Uint8Array): void;
  close(code: number, reason: string): void;
  error(error: ZenError): void;
  pong(payload: string): void;
  /** Any control frame (ping or pong) arrived: counts as life. */
  control(): void;
  /**
   * The peer's close frame arrived and the close handshake started (`ws` sockets: reported at once, before the
   * TCP connection ends; the `close` event follows when it does).
   */
  closing(code: number, reason: string): void;
}

// node-socket.ts decides (browser builds: never, they refuse sockets with ping())
export { canPing } from './node-socket.js';

/**
 * Wires a socket to `sink`. Node `ws` sockets are read through their EventEmitter API (no event objects per
 * message, and pong frames are visible); every other socket through the W3C `on*` properties with
 * `binaryType = 'arraybuffer'`, plus Bun's `pong`/`ping` events (node-socket.ts: browser builds have neither).
 */
export function attach(socket: SocketLike, sink: SocketSink): void {
  if (attachNodeStyle(socket, sink)) return;
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => sink.open();
  socket.onmessage = (event) => {
    const data = event.data;
    if (typeof data === 'string') sink.text(data);
    else sink.binary(toBytes(data));
  };
  socket.onerror = (event) => sink.error(toConnectionError(event));
  socket.onclose = (event) => sink.close(event.code ?? 1005, event.reason ?? '');
  attachPongEvents(socket, sink);
}

/** Bytes of any binary payload a W3C socket may deliver (`ws`'s fragment lists: node-socket.ts). */
export function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(0);
}

/**
 * Turns whatever a socket's error event carries into a typed error. Node `ws` errors carry codes and the
 * upgrade status (read by `systemError`); a browser's error event carries nothing, so it becomes
 * `connection_failed`.
 */
export function toConnectionError(raw: unknown): ZenError {
  const err = (raw && typeof raw === 'object' && 'error' in raw ? (raw as { error: unknown }).error : raw) as
    | { code?: unknown; message?: unknown }
    | undefined;
  const message = typeof err?.message === 'string' ? err.message : '';
  return (
    systemError(raw, typeof err?.code === 'string' ? err.code : '', message) ??
    new ConnectionError('connection_failed', message ? `Connection failed: ${message}` : 'Connection failed', {
      cause: raw,
    })
  );
}
