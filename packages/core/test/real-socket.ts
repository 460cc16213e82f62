// Real sockets for the core's own integration tests: `ws`, as the Node build of `zen-websocket` makes them, so
// these tests need nothing from the top-level package (the layers above core are tested in their packages).
import WebSocket from 'ws';
import {
  type Client,
  type ConnectOptions,
  connect as coreConnect,
  type SocketFactory,
  type UrlSource,
} from '../src/index.js';

/** Sockets from `ws`: ping frames, headers, and `maxPayload` at the socket. */
export const wsFactory: SocketFactory = Object.assign(
  (url: string, init: Parameters<SocketFactory>[1]) =>
    new WebSocket(url, [...init.protocols], { headers: { ...init.headers }, maxPayload: init.maxMessageSize }) as never,
  { capabilities: { ping: true, headers: true } },
);

/** Core's `connect` with `ws` sockets unless the options bring their own factory. */
export function connect(url: UrlSource, options: ConnectOptions<Client> = {}): Promise<Client> {
  return coreConnect(url, { socketFactory: wsFactory, ...options });
}
