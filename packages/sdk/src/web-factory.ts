import type { SocketFactory } from '@zen-websocket/core';

/**
 * The runtime's own `WebSocket` (browsers, Deno, Bun, Node ≥ 22), looked up when a socket is made. It cannot
 * send ping frames or upgrade headers: heartbeats fall back to inactivity detection or the protocol's probe,
 * and `headers` are not sent (see docs/runtimes.md).
 */
export const webSocketFactory: SocketFactory = Object.assign(
  (url: string, init: Parameters<SocketFactory>[1]) => {
    const WS = (globalThis as { WebSocket?: new (url: string, protocols?: string[]) => unknown }).WebSocket;
    if (typeof WS !== 'function') {
      throw new TypeError(
        'This runtime has no global WebSocket; on Node 20 import "zen-websocket" with the node condition, or pass socketFactory',
      );
    }
    return new WS(url, [...init.protocols]) as ReturnType<SocketFactory>;
  },
  { capabilities: { ping: false, headers: false } },
);
