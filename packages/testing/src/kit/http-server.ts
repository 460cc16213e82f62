/**
 * The HTTP(S) listener under the WebSocket server: binds 127.0.0.1 only, answers plain requests with 426,
 * writes upgrade rejections, and can destroy every socket it has seen so `stop()` leaves nothing behind.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  STATUS_CODES,
  validateHeaderName,
  validateHeaderValue,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RejectOptions, UpgradeRequest } from '../mock-server/types.js';
import type { TlsCredentials } from './tls.js';

/** The only address the mock server ever binds. */
export const HOST = '127.0.0.1';

/** A listening server and a way to tear it down completely. */
export interface Listener {
  readonly server: Server;
  readonly port: number;
  /** Destroys every open socket and closes the listener; resolves when it is closed. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP (or, with credentials, HTTPS) server on 127.0.0.1.
 *
 * @example
 * const listener = await listen(0, undefined);
 * listener.server.on('upgrade', onUpgrade);
 */
export async function listen(port: number, credentials: TlsCredentials | undefined): Promise<Listener> {
  const server = credentials ? createHttpsServer({ key: credentials.key, cert: credentials.cert }) : createHttpServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    response.end('426 Upgrade Required: this is a WebSocket mock server\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: HOST }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  return { server, port: boundPort, close };
}

/**
 * What an upgrade request asked for.
 *
 * @example
 * upgradeRequestOf(req); // { path: '/ws', query: 'a=1', headers: { ... } }
 */
export function upgradeRequestOf(request: IncomingMessage): UpgradeRequest {
  const target = request.url ?? '/';
  const mark = target.indexOf('?');
  return {
    path: mark === -1 ? target : target.slice(0, mark),
    query: mark === -1 ? '' : target.slice(mark + 1),
    headers: { ...request.headers },
  };
}

/**
 * Checks the arguments of `reject()`; throws a `RangeError`/`TypeError` that says what is wrong.
 *
 * @example
 * checkRejection(429, { headers: { 'retry-after': '1' } });
 */
export function checkRejection(status: number, options: RejectOptions): void {
  if (!(Number.isInteger(status) && status >= 400 && status <= 599)) {
    throw new RangeError(
      `reject: status must be an HTTP error status from 400 to 599 (or null to stop rejecting), got ${status}`,
    );
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  }
}

/**
 * Answers an upgrade request with an HTTP error response and closes the socket.
 *
 * @example
 * writeRejection(socket, 401, {});
 */
export function writeRejection(socket: Duplex, status: number, options: RejectOptions): void {
  const statusText = STATUS_CODES[status] ?? 'Error';
  const body = options.body ?? `${status} ${statusText}\n`;
  const headers: Record<string, string> = {
    connection: 'close',
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    ...options.headers,
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\n${head.join('')}\r\n${body}`);
}
