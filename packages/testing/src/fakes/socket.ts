import type { SocketData, SocketFactory, SocketInit, SocketLike } from '@zen-websocket/core';
import { checkKeys } from '@zen-websocket/core/internal';

/** How a fake socket presents itself: as a W3C `WebSocket` (browsers, Deno, Bun) or as Node's `ws`. */
export type FakeSocketMode = 'w3c' | 'node';

type Listener = (...args: never[]) => void;

/** Bytes whose toString() decodes UTF-8, as Node's Buffer does: what `ws` hands to its listeners. */
class TextBytes extends Uint8Array {
  override toString(): string {
    return new TextDecoder().decode(this);
  }
}
const bytesOf = (text: string): TextBytes => {
  const encoded = new TextEncoder().encode(text);
  const out = new TextBytes(encoded.length);
  out.set(encoded);
  return out;
};

/**
 * The far side of a connection, played by the test: open it, push frames into it, close it, or let it fail.
 * It never invents behaviour on its own beyond acknowledging a close the client started.
 */
export class FakeSocket implements SocketLike {
  readonly url: string;
  readonly init: SocketInit;
  readonly mode: FakeSocketMode;
  readyState = 0;
  binaryType = 'blob';
  /** Everything the client sent, in order. */
  readonly sent: SocketData[] = [];
  /** Ping payloads the client sent (node mode). */
  readonly pings: string[] = [];
  /** Close calls the client made. */
  readonly closes: Array<{ code: number | undefined; reason: string | undefined }> = [];
  terminated = false;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code?: number; reason?: string; wasClean?: boolean }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly #listeners = new Map<string, Listener[]>();

  constructor(url: string, init: SocketInit, mode: FakeSocketMode) {
    this.url = url;
    this.init = init;
    this.mode = mode;
    if (mode === 'node') {
      this.on = (event, listener) => {
        this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
        return this;
      };
      this.ping = (data) => {
        this.pings.push(String(data ?? ''));
      };
      this.terminate = () => {
        this.terminated = true;
        this.#closed(1006, '');
      };
    }
  }

  on?: (event: string, listener: Listener) => unknown;
  ping?: (data?: string | Uint8Array) => void;
  terminate?: () => void;

  /** Messages the client sent, decoded as JSON where they parse. */
  get sentJson(): unknown[] {
    return this.sent.map((d) => {
      if (typeof d !== 'string') return d;
      try {
        return JSON.parse(d);
      } catch {
        return d;
      }
    });
  }

  send(data: SocketData): void {
    if (this.readyState !== 1) throw new Error(`FakeSocket.send in readyState ${this.readyState}`);
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closes.push({ code, reason });
    if (this.readyState >= 2) return;
    this.readyState = 2;
    queueMicrotask(() => this.#closed(code ?? 1005, reason ?? ''));
  }

  // ── the server's side ────────────────────────────────────────────────────────────────────────────

  /** Completes the handshake. */
  open(): void {
    this.readyState = 1;
    this.#emit('open', [], () => this.onopen?.({}));
  }

  /** Delivers a frame from the server: a string or object (JSON text) or bytes (binary). */
  receive(data: string | object | Uint8Array): void {
    if (data instanceof Uint8Array) {
      const copy = data.slice();
      return this.#emit('message', [copy, true], () => this.onmessage?.({ data: copy.buffer }));
    }
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    this.#emit('message', [bytesOf(text), false], () => this.onmessage?.({ data: text }));
  }

  /** A pong frame from the server (node mode). */
  pong(payload: string): void {
    this.#emit('pong', [bytesOf(payload)], () => undefined);
  }

  /** A ping frame from the server (node mode; `ws` answers it by itself). */
  serverPing(payload = ''): void {
    this.#emit('ping', [bytesOf(payload)], () => undefined);
  }

  /** The server closes the connection with a close frame. */
  serverClose(code = 1000, reason = ''): void {
    this.#closed(code, reason);
  }

  /** The connection fails: an error event (with `error` as its payload in node mode), then close 1006. */
  fail(error: unknown = new Error('connection failed')): void {
    this.#emit('error', [error], () => this.onerror?.({ type: 'error', error }));
    this.#closed(1006, '');
  }

  #closed(code: number, reason: string): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.#emit('close', [code, bytesOf(reason)], () => this.onclose?.({ code, reason, wasClean: code !== 1006 }));
  }

  #emit(event: string, args: unknown[], w3c: () => void): void {
    if (this.mode === 'w3c') return w3c();
    for (const l of this.#listeners.get(event) ?? []) (l as (...a: unknown[]) => void)(...args);
  }
}

/** A socket factory whose sockets are {@link FakeSocket}s, kept for the test to drive. */
export interface FakeSocketFactory extends SocketFactory {
  /** Every socket created, oldest first. */
  readonly sockets: FakeSocket[];
  /** The newest socket; throws if none was created. */
  readonly last: FakeSocket;
}

/**
 * A socket factory for unit tests. Sockets start in CONNECTING; the test calls `open()`, `receive()`,
 * `serverClose()` or `fail()` on them (or pass `autoOpen: true`). `mode: 'node'` mimics `ws` (ping frames,
 * pong events, terminate).
 *
 * @example
 * const sockets = createFakeSocketFactory({ autoOpen: true });
 * const client = await connect('ws://fake', { socketFactory: sockets });
 * sockets.last.receive({ jsonrpc: '2.0', method: 'subscription', params: { channel: 'x', data: 1 } });
 */
export function createFakeSocketFactory(
  options: { mode?: FakeSocketMode; autoOpen?: boolean } = {},
): FakeSocketFactory {
  checkKeys('createFakeSocketFactory', options, ['mode', 'autoOpen']);
  const sockets: FakeSocket[] = [];
  const create = (url: string, init: SocketInit): FakeSocket => {
    const socket = new FakeSocket(url, init, options.mode ?? 'w3c');
    sockets.push(socket);
    if (options.autoOpen) queueMicrotask(() => socket.readyState === 0 && socket.open());
    return socket;
  };
  return Object.defineProperties(create, {
    sockets: { value: sockets },
    last: {
      get() {
        const s = sockets.at(-1);
        if (!s) throw new Error('No socket has been created yet');
        return s;
      },
    },
  }) as unknown as FakeSocketFactory;
}
