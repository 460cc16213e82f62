/**
 * A Node socket factory over `ws` for tests of packages below `zen-websocket` (core, the venue adapters, the
 * recorder), so their tests need nothing from the top-level package.
 */
import type { SocketFactory } from '@zen-websocket/core';
import WebSocket from 'ws';

/**
 * Sockets from `ws` (Node): ping frames, upgrade headers, and `maxPayload` at the socket, as the Node build of
 * `zen-websocket` makes them. For tests of the layers below it; applications use `zen-websocket`, which picks the
 * runtime's socket itself.
 *
 * @example
 * import { createDeribitClient } from '@zen-websocket/deribit';
 * import { startDeribitSimulator, wsSocketFactory } from '@zen-websocket/testing';
 * const sim = await startDeribitSimulator();
 * const client = await createDeribitClient({ url: sim.url, socketFactory: wsSocketFactory });
 */
export const wsSocketFactory: SocketFactory = /* @__PURE__ */ Object.assign(
  (url: string, init: Parameters<SocketFactory>[1]) =>
    new WebSocket(url, [...init.protocols], { headers: { ...init.headers }, maxPayload: init.maxMessageSize }) as never,
  { capabilities: { ping: true, headers: true } },
);
