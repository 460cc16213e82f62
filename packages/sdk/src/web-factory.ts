import type { SocketFactory, SocketInit, SocketLike } from '@zen-websocket/core';
import { globalWebSocket, PAGE_SOCKET } from '@zen-websocket/core/internal';

type NativeWebSocket = new (url: string, protocolsOrInit?: string[] | Record<string, unknown>) => unknown;

/**
 * The runtime's global WebSocket, looked up when a socket is made (never at import); where there is none (Node 20),
 * a TypeError that says which factory works there: these two need the runtime's own socket.
 */
const nativeWebSocket = () =>
  globalWebSocket(
    'webSocketFactory and nativeSocketFactory need a global WebSocket (Node 22+, Deno, Bun, browsers); here use nodeSocketFactory, which `zen-websocket` picks on Node',
  ) as NativeWebSocket;

/**
 * The runtime's own `WebSocket` with the standard constructor (browsers). It cannot send ping frames or
 * upgrade headers: heartbeats fall back to inactivity detection or the protocol's probe, and `headers` are not
 * sent (see docs/runtimes.md). It carries the page's lifecycle signals (`lifecycle`), so a venue client on it
 * follows the page as `connect` does: back/forward cache, `online`, visibility.
 */
export const webSocketFactory: SocketFactory = /* @__PURE__ */ Object.assign(
  (url: string, init: SocketInit) => new (nativeWebSocket())(url, [...init.protocols]) as SocketLike,
  PAGE_SOCKET,
);

/**
 * The runtime's own `WebSocket` given an init object `{ protocols, headers }`, which Deno, Bun and Node ≥ 22
 * accept (browsers do not): upgrade headers are sent. On Bun the socket can also send ping frames and shows
 * their pongs, which the client detects and uses.
 */
export const nativeSocketFactory: SocketFactory = /* @__PURE__ */ Object.assign(
  (url: string, init: SocketInit) =>
    new (nativeWebSocket())(url, { protocols: [...init.protocols], headers: { ...init.headers } }) as SocketLike,
  { capabilities: { ping: false, headers: true } },
);

/** {@link nativeSocketFactory} on Bun, whose sockets send ping frames and report pongs. */
export const bunSocketFactory: SocketFactory = /* @__PURE__ */ Object.assign(
  (url: string, init: SocketInit) => nativeSocketFactory(url, init),
  { capabilities: { ping: true, headers: true } },
);
