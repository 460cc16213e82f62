/**
 * The socket the venue adapters use when given no `socketFactory`: the runtime's global `WebSocket`, with the
 * standard constructor. Where there is none (Node 20), a `TypeError` names the import that brings one.
 */
import { runtimeName } from './node-socket.js';
import { browserLifecycle } from './page-lifecycle.js';
import type { SocketFactory, SocketInit, SocketLike } from './socket.js';

type GlobalWebSocket = new (url: string, protocols?: string[]) => SocketLike;

/**
 * What a factory over the runtime's global `WebSocket` with the standard constructor is: no ping frames, no upgrade
 * headers, and the page's lifecycle signals (`online`, visibility, back/forward cache), which `connect` follows
 * unless given its own. Shared by this module's factory and the `zen-websocket` browser build's `webSocketFactory`.
 */
export const PAGE_SOCKET: Pick<SocketFactory, 'capabilities' | 'lifecycle'> = {
  capabilities: { ping: false, headers: false },
  lifecycle: browserLifecycle,
};

/**
 * A socket factory over the runtime's global `WebSocket` (browsers, workers, Deno, Bun, Node ≥ 22), looked up
 * now, when the adapter starts (never at import). Standard constructor only: no upgrade headers and no ping
 * frames are promised (`capabilities: { ping: false, headers: false }`). It carries the page's lifecycle signals
 * (`lifecycle`: `online`, visibility, back/forward cache), which `connect` follows unless given its own.
 *
 * When the runtime has no global `WebSocket`, throws a `TypeError` that names `venueImport`, the import
 * that supplies the runtime's socket, e.g. on Node 20: "no WebSocket in this runtime (Node 20): import {
 * createDeribitClient } from 'zen-websocket/deribit', which picks this runtime's socket (ws on Node), or pass
 * socketFactory".
 *
 * @param venueImport - The import statement to suggest, e.g. `import { createDeribitClient } from 'zen-websocket/deribit'`.
 * @example
 * import { defaultGlobalSocketFactory } from '@zen-websocket/core/internal';
 *
 * const socketFactory =
 *   options.socketFactory ?? defaultGlobalSocketFactory("import { createDeribitClient } from 'zen-websocket/deribit'");
 */
export function defaultGlobalSocketFactory(venueImport: string): SocketFactory {
  const Socket = globalWebSocket(
    `${venueImport}, which picks this runtime's socket (ws on Node), or pass socketFactory`,
  ) as GlobalWebSocket;
  return Object.assign((url: string, init: SocketInit) => new Socket(url, [...init.protocols]), PAGE_SOCKET);
}

/**
 * The runtime's global `WebSocket` constructor, looked up now; where there is none (Node 20), a `TypeError` that
 * names the runtime and gives `advice`: what supplies a socket there (as {@link defaultGlobalSocketFactory} does).
 *
 * @param advice - What to do instead, e.g. "use nodeSocketFactory (zen-websocket's default on Node)".
 * @example
 * const WS = globalWebSocket('use nodeSocketFactory (zen-websocket picks it on Node)');
 */
export function globalWebSocket(advice: string): new (...args: never[]) => unknown {
  const WS = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (typeof WS !== 'function') {
    throw new TypeError(`no WebSocket in this runtime (${runtimeName()}): ${advice}`);
  }
  return WS as new (
    ...args: never[]
  ) => unknown;
}
