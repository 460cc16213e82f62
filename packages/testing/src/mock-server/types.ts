/**
 * Public types of the mock server. Behaviour lives in the sibling files; this file only names shapes.
 */

/**
 * A data message as the server received it: text frames as `string`, binary frames as a fresh `Uint8Array`
 * (a copy, so it can be kept and compared with `toEqual(new Uint8Array([...]))`).
 *
 * @example
 * const last: InboundMessage | undefined = server.received.at(-1);
 */
export type InboundMessage = string | Uint8Array;

/**
 * What the server can send: a `string` becomes a text frame, a `Uint8Array`/`ArrayBuffer` a binary frame,
 * any other object is sent as JSON text.
 *
 * @example
 * const msg: OutboundMessage = { jsonrpc: '2.0', method: 'subscription', params: { channel: 'ticker' } };
 * server.injectMessage(msg);
 */
export type OutboundMessage = string | Uint8Array | ArrayBuffer | object;

/**
 * What a {@link MockHandler} may return: a message to reply with, or `undefined` (nothing is sent).
 *
 * @example
 * const reply: HandlerReply = { ok: true };
 */
// biome-ignore lint/suspicious/noConfusingVoidType: lets block-bodied handlers that return nothing type-check
export type HandlerReply = OutboundMessage | undefined | void;

/**
 * Custom server-side behaviour for data messages that are not answered by `rpc`. Its return value (or what its
 * promise resolves to) is sent back; `undefined` sends nothing. A handler that throws or rejects is reported
 * to `onError` and the connection stays open.
 *
 * @example
 * const handler: MockHandler = (message) => (message === 'hello' ? { greeting: 'hi' } : undefined);
 */
export type MockHandler = (message: InboundMessage, connection: MockConnection) => HandlerReply | Promise<HandlerReply>;

/**
 * One JSON-RPC method: gets the request's `params` (`undefined` when absent) and returns the `result`,
 * directly or as a promise. Throw an `RpcFault` to answer with a JSON-RPC error.
 *
 * @example
 * const getTime: RpcMethod = () => Date.now();
 */
export type RpcMethod = (params: unknown, connection: MockConnection) => unknown;

/**
 * JSON-RPC 2.0 methods by name, for the `rpc` option.
 *
 * @example
 * const rpc: RpcMethods = {
 *   'public/test': () => ({ version: '1.2.26' }),
 *   'public/subscribe': (params) => (params as { channels: string[] }).channels,
 * };
 */
export type RpcMethods = Readonly<Record<string, RpcMethod>>;

/**
 * What a captured message is compared with:
 * - `string`: equal to a text message;
 * - `RegExp`: found in a text message (`lastIndex` and the `g`/`y` flags are ignored);
 * - plain object: the text message is JSON for an object that contains every key of the matcher with an equal
 *   value — extra keys are allowed, nested objects are compared with the same partial rule, arrays must have
 *   the same length with each element matching;
 * - function: its result is truthy; it gets the decoded JSON when the text is JSON, else the raw string or
 *   `Uint8Array`. A function that throws counts as "no match".
 *
 * Binary messages only match function matchers.
 *
 * @example
 * await server.assertMessageSent({ method: 'public/subscribe', params: { channels: ['ticker.BTC'] } });
 * await server.assertMessageSent(/"method":"public\/auth"/);
 * await server.assertMessageSent((m) => m instanceof Uint8Array && m.length === 3);
 */
export type MessageMatcher = string | RegExp | { readonly [key: string]: unknown } | ((message: unknown) => unknown);

/**
 * How {@link MockServer.simulateDisconnect} ends connections: `'normal'` (1000 "Normal closure"),
 * `'going_away'` (1001 "Server going away"), `'abnormal'` (TCP dropped without a close frame; the client sees
 * 1006) or a close code (1000–1003, 1007–1014, 3000–4999).
 *
 * @example
 * const reason: DisconnectReason = 4000;
 * await server.simulateDisconnect(reason, 'maintenance');
 */
export type DisconnectReason = 'normal' | 'going_away' | 'abnormal' | number;

/**
 * One WebSocket upgrade request the server saw (accepted or rejected).
 *
 * @example
 * const { path, query, headers }: UpgradeRequest = server.upgrades[0]!;
 * expect(headers['authorization']).toBe('Bearer t');
 */
export interface UpgradeRequest {
  /** The request path without the query string, e.g. `/ws`. */
  readonly path: string;
  /** The query string without the leading `?`; empty when there is none. */
  readonly query: string;
  /** The request headers, names in lower case, as Node parsed them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * Extras for {@link MockServer.reject}.
 *
 * @example
 * server.reject(429, { headers: { 'retry-after': '5' }, body: 'slow down' });
 */
export interface RejectOptions {
  /** Response body (plain text). Default: the status line, e.g. `"401 Unauthorized"`. */
  body?: string | undefined;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * One accepted WebSocket connection, as the server sees it.
 *
 * @example
 * const conn = await server.waitForConnection();
 * conn.data.set('channels', ['ticker']);
 * conn.send({ method: 'subscription', params: { channel: 'ticker', data: 1 } });
 */
export interface MockConnection {
  /** 1, 2, 3… in accept order, per server. */
  readonly id: number;
  /** The upgrade request's path, without the query string. */
  readonly path: string;
  /** The upgrade request's query string, without the leading `?`. */
  readonly query: string;
  /** The upgrade request's headers. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** `true` while the connection is open (not closing or closed). */
  readonly open: boolean;
  /** This connection's captured inbound data messages, oldest first, capped at `maxMessages`. */
  readonly received: ReadonlyArray<InboundMessage>;
  /** Free-form per-connection state for handlers (subscriptions, auth…). */
  readonly data: Map<string, unknown>;
  /** Sends a message. Returns `false` (and sends nothing) when the connection is not open or the server is stalled. */
  send(message: OutboundMessage): boolean;
  /** Sends a ping frame. Returns `false` when not open or stalled. */
  ping(data?: string | Uint8Array): boolean;
  /** Starts a close handshake (default 1000); resolves once the connection is closed on the server side. */
  close(code?: number, reason?: string): Promise<void>;
  /** Drops the TCP connection without a close frame (the client sees 1006); resolves once closed. */
  terminate(): Promise<void>;
}

/**
 * Options of `startMockServer`.
 *
 * @example
 * const server = await startMockServer({ rpc: { 'public/test': () => ({}) }, maxMessages: 100 });
 */
export interface MockServerOptions {
  /** Custom behaviour for messages `rpc` does not answer. Without it the server pongs "ping" and echoes. */
  handler?: MockHandler | undefined;
  /** JSON-RPC 2.0 methods; requests for other methods (with an id) get error -32601. */
  rpc?: RpcMethods | undefined;
  /** Serve `wss://` with a self-signed certificate for `localhost` and `127.0.0.1`; see {@link MockServer.ca}. */
  tls?: boolean | undefined;
  /** The path used in `url` (the server accepts any path). Default `'/ws'`. */
  path?: string | undefined;
  /** Port to listen on, on 127.0.0.1. Default `0` (the OS picks a free one). */
  port?: number | undefined;
  /** Cap on captured messages (server-wide, per connection, and upgrade records); oldest dropped. Default 1000. */
  maxMessages?: number | undefined;
  /** Receives errors thrown by `handler`, `onConnection` and JSON-RPC notifications. Default: `console.error`. */
  onError?: ((error: unknown, connection: MockConnection) => void) | undefined;
  /** Called for every accepted connection, before its first message (e.g. to send a welcome message). */
  onConnection?: ((connection: MockConnection) => void) | undefined;
}

/**
 * A running mock WebSocket server on 127.0.0.1. Stop it with `stop()` (or `await using`).
 *
 * @example
 * const server = await startMockServer();
 * const ws = new WebSocket(server.url);
 * await server.waitForConnection();
 * ws.send('hi');
 * expect(await server.waitForMessage('hi')).toBe('hi');
 * await server.stop();
 */
export interface MockServer {
  /** `ws://127.0.0.1:PORT/ws`, or `wss://localhost:PORT/ws` with `tls`. */
  readonly url: string;
  readonly port: number;
  /** With `tls`: the self-signed certificate (PEM) for a client to trust, e.g. `new WebSocket(url, { ca })`. */
  readonly ca?: string;
  /** Captured inbound data messages from every connection, oldest first, capped at `maxMessages`. */
  readonly received: ReadonlyArray<InboundMessage>;
  /** Connections that are currently open. */
  readonly connections: ReadonlyArray<MockConnection>;
  /** Connections accepted since start (counts reconnects). */
  readonly connectionCount: number;
  /** Every upgrade request seen, accepted or rejected, oldest first, capped at `maxMessages`. */
  readonly upgrades: ReadonlyArray<UpgradeRequest>;
  /** Sends to every open, non-stalled connection; returns how many it was sent to. */
  inject(message: OutboundMessage): number;
  /** @deprecated Use {@link MockServer.inject}. */
  injectMessage(message: OutboundMessage): number;
  /** Resolves `true` once a captured message matches (before or after the call), `false` at the deadline. */
  assertMessageSent(matcher: MessageMatcher, timeoutMs?: number): Promise<boolean>;
  /** Resolves with the first captured message that matches; rejects at the deadline. */
  waitForMessage(matcher: MessageMatcher, timeoutMs?: number): Promise<InboundMessage>;
  /** Resolves with the oldest open connection not yet returned by this method, or the next one accepted. */
  waitForConnection(timeoutMs?: number): Promise<MockConnection>;
  /**
   * Ends every open connection with a close code, or `'abnormal'` (the default: TCP dropped, the client sees
   * 1006); resolves when they are closed. The server keeps accepting connections.
   */
  drop(code?: number | 'abnormal', reason?: string): Promise<void>;
  /** @deprecated Use {@link MockServer.drop} (`'normal'` is 1000, `'going_away'` 1001; the default here is 1000). */
  simulateDisconnect(reason?: DisconnectReason, closeReason?: string): Promise<void>;
  /**
   * Half-open mode: ignore inbound, send nothing, answer no pings. `'all'` (default): current and future
   * connections until `resume()`; `'open'`: only the connections open now.
   */
  stall(scope?: 'all' | 'open'): void;
  /** Leaves stall mode. */
  resume(): void;
  /** Rejects upgrades with this HTTP status (400–599) until `reject(null)`, or for `options.durationMs`. */
  reject(status: number | null, options?: RejectOptions & { durationMs?: number | undefined }): void;
  /** Terminates every connection and closes the listener. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
