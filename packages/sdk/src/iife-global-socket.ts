/**
 * `defaultGlobalSocketFactory` as the venue script-tag add-ons bundle it (rollup.config.mjs, `LOCAL_INTERNALS`): the
 * core script's own default socket, the page's `WebSocket` (`ZenWebsocket.defaultSocketFactory`, what `connect`
 * uses), instead of a second copy of core's global-socket.ts in every add-on. Not an API.
 */
import type { SocketFactory } from '@zen-websocket/core';

/** The core script's default socket factory; `venueImport` only matters where there is no `WebSocket` (Node). */
export function defaultGlobalSocketFactory(_venueImport: string): SocketFactory {
  return (globalThis as unknown as { ZenWebsocket: { defaultSocketFactory: SocketFactory } }).ZenWebsocket
    .defaultSocketFactory;
}
