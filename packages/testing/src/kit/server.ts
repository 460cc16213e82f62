/**
 * The one server core under the mock server, the Deribit and the Binance simulator: a listener on 127.0.0.1
 * (port 0 by default, or TLS), upgrades routed by path, a registry of the open sockets, and the verbs every
 * test server shares — `reject(status)`, `stall()`/`resume()`, `drop(code | 'abnormal')` and `stop()` — plus
 * the pending waits `stop()` settles. Each server plugs in a `route` that accepts a socket or names the HTTP
 * status to refuse it with; what a connection means (JSON-RPC, streams, echo) stays in that server.
 * Beside it in `kit/`: the listener (`http-server.ts`), TLS (`tls.ts`), close codes (`close-codes.ts`), the
 * bounded captured log (`bounded-log.ts`) and its waits (`wait.ts`), strict options (`options.ts`) and the
 * seeded random generator (`random.ts`).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { RejectOptions, UpgradeRequest } from '../mock-server/types.js';
import { closeWith } from './close-codes.js';
import { checkRejection, type Listener, listen, upgradeRequestOf, writeRejection } from './http-server.js';
import type { TlsCredentials } from './tls.js';
import type { PendingWaits } from './wait.js';

/** How a server ends a connection: a close code (a close frame), or `'abnormal'` (TCP dropped, the client sees 1006). */
export type DropCode = number | 'abnormal';

/** What `route` decides for an upgrade: accept it (the socket is handed over), or refuse it with an HTTP status. */
export type Route = ((ws: WebSocket, upgrade: UpgradeRequest) => void) | number;

/** Options of {@link KitServer.start}. */
export interface KitServerOptions {
  readonly port: number;
  readonly tls?: TlsCredentials | undefined;
  /** Largest inbound frame in bytes (default: ws's 100 MiB). */
  readonly maxPayload?: number | undefined;
  /** Accepts or refuses one upgrade (after `reject()` and `stop()` had their say). */
  route(upgrade: UpgradeRequest): Route;
  /** Sees every upgrade request, accepted or refused. */
  onUpgrade?(upgrade: UpgradeRequest): void;
}

/** What `stall()` covers: the connections open now and every later one until `resume()`, or only those open now. */
export type StallScope = 'all' | 'open';

/**
 * See the file comment.
 *
 * @example
 * const kit = await KitServer.start({ port: 0, route: () => (ws) => ws.send('hi') });
 * kit.reject(503); // upgrades now get 503
 * await kit.stop();
 */
export class KitServer {
  readonly listener: Listener;
  /** Waits `stop()` settles (each entry cancels one). */
  readonly pending: PendingWaits = new Set();
  readonly #wss: WebSocketServer;
  readonly #options: KitServerOptions;
  readonly #sockets = new Set<WebSocket>();
  /** Sockets stalled by `stall('open')` (and, with `stall('all')`, every socket accepted until `resume()`). */
  readonly #stalledSockets = new WeakSet<WebSocket>();
  #stallAll = false;
  #rejection: { status: number; options: RejectOptions; until: number } | undefined;
  #stopping: Promise<void> | undefined;

  private constructor(listener: Listener, options: KitServerOptions) {
    this.listener = listener;
    this.#options = options;
    this.#wss = new WebSocketServer({
      noServer: true,
      autoPong: false,
      clientTracking: false,
      ...(options.maxPayload === undefined ? {} : { maxPayload: options.maxPayload }),
    });
    listener.server.on('upgrade', this.#onUpgrade);
  }

  /** Listens on 127.0.0.1 and starts routing upgrades. */
  static async start(options: KitServerOptions): Promise<KitServer> {
    return new KitServer(await listen(options.port, options.tls), options);
  }

  get port(): number {
    return this.listener.port;
  }

  /** `true` once `stop()` was called. */
  get stopped(): boolean {
    return this.#stopping !== undefined;
  }

  /** Whether `stall('all')` is in force (new connections are stalled too). */
  get stalledAll(): boolean {
    return this.#stallAll;
  }

  /** Whether a socket is stalled (half-open: it reads nothing and sends nothing). */
  isStalled(ws: WebSocket): boolean {
    return this.#stallAll || this.#stalledSockets.has(ws);
  }

  /** Refuses upgrades with `status` (400–599), for `durationMs` if given; `null` accepts again. */
  reject(status: number | null, options: RejectOptions & { durationMs?: number | undefined } = {}): void {
    if (status === null) {
      this.#rejection = undefined;
      return;
    }
    const { durationMs, ...http } = options;
    checkRejection(status, http);
    const until = durationMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + durationMs;
    this.#rejection = { status, options: http, until };
  }

  /** The rejection in force now, if any. */
  rejection(): { status: number; options: RejectOptions } | undefined {
    if (this.#rejection && Date.now() >= this.#rejection.until) this.#rejection = undefined;
    return this.#rejection;
  }

  /** Half-open mode: `'all'` (connections open now and new ones until `resume()`) or `'open'` (only those open now). */
  stall(scope: StallScope = 'all'): void {
    if (scope === 'all') this.#stallAll = true;
    for (const ws of this.#sockets) this.#stalledSockets.add(ws);
  }

  /** Leaves stall mode: every connection reads and sends again. */
  resume(): void {
    this.#stallAll = false;
    for (const ws of this.#sockets) this.#stalledSockets.delete(ws);
  }

  /** Ends every open connection with `code` (a close frame) or `'abnormal'` (TCP dropped); resolves once closed. */
  drop(code: DropCode = 'abnormal', reason = ''): Promise<void> {
    if (code !== 'abnormal') closeWith(code, reason); // a RangeError for codes a server cannot send
    return Promise.all([...this.#sockets].map((ws) => endSocket(ws, code, reason))).then(() => {});
  }

  /** Settles every wait, drops every socket, closes the port. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      for (const cancel of [...this.pending]) cancel();
      await this.drop('abnormal');
      this.listener.server.off('upgrade', this.#onUpgrade);
      this.#wss.close();
      await this.listener.close();
    })();
    return this.#stopping;
  }

  readonly #onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const upgrade = upgradeRequestOf(request);
    this.#options.onUpgrade?.(upgrade);
    if (this.stopped) return void socket.destroy();
    const rejection = this.rejection();
    if (rejection) return writeRejection(socket, rejection.status, rejection.options);
    const route = this.#options.route(upgrade);
    if (typeof route === 'number') return writeRejection(socket, route, {});
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      if (this.stopped) return void ws.terminate();
      this.#sockets.add(ws);
      if (this.#stallAll) this.#stalledSockets.add(ws);
      ws.once('close', () => this.#sockets.delete(ws));
      route(ws, upgrade);
    });
  };
}

/**
 * Ends one socket with a close code or `'abnormal'`; resolves once it is closed.
 *
 * @example
 * await endSocket(ws, 1001, 'going away');
 */
export function endSocket(ws: WebSocket, code: DropCode, reason = ''): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  if (code === 'abnormal') ws.terminate();
  else if (ws.readyState === ws.OPEN) ws.close(code, reason);
  return closed;
}

/**
 * The `[Symbol.asyncDispose]` key (`Symbol.for('nodejs.asyncDispose')` where the runtime lacks it).
 *
 * @example
 * const server = { stop, [asyncDispose]: stop };
 */
export const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? (Symbol.for('nodejs.asyncDispose') as typeof Symbol.asyncDispose);
