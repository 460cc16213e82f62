/**
 * What the core script tag has in place of four core parts (rollup.config.mjs, `STAND_INS`), each of which a page
 * either never needs or gets from the extras add-on (`zen-websocket.extras.iife.min.js`, `ZenWebsocket.extras`):
 * - `system-errors.ts`: a page's `WebSocket` reports a failure as a bare event, never with a Node/libuv code
 *   (`ECONNREFUSED`) or an OpenSSL message, so no table; `explain('ECONNREFUSED')` reads the add-on's copy.
 * - `node-socket.ts`: a page never gets a Node `ws` socket (an EventEmitter with ping frames), so nothing to wire,
 *   and one that still arrives is refused with a TypeError (core's `browser-stand-ins.ts`).
 * - `iterator.ts` (`client.messages()`) and `explain()`: in the extras add-on; without it they throw a TypeError
 *   naming that script, never a silent no-op.
 * Every other build (ESM, CommonJS, the one-file module) has the real parts.
 */
import type { ErrorCode, MessageStreamOptions } from '@zen-websocket/core';
import type { StreamSource } from '../../core/src/iterator.js';

/** The extras add-on's namespace (`iife-extras.ts`). */
interface Extras {
  explain(error: unknown): { message: string; suggestion: string };
  __messageStream(source: StreamSource, options?: MessageStreamOptions): AsyncIterableIterator<unknown>;
}

/** The extras add-on, or a TypeError naming its script for `feature`. */
function extras(feature: string): Extras {
  const loaded = (globalThis as { ZenWebsocket?: { extras?: Extras } }).ZenWebsocket?.extras;
  if (!loaded)
    throw new TypeError(
      `${feature} needs zen-websocket.extras.iife.min.js (same version): load it after zen-websocket.iife.min.js`,
    );
  return loaded;
}

/**
 * A human explanation and a suggested fix for any error, as in every other build; in the script tag it is the
 * extras add-on's (with the message table), and without that script it throws a TypeError naming it.
 */
export function explain(error: unknown): { message: string; suggestion: string } {
  return extras('explain()').explain(error);
}

/** `client.messages()`: the extras add-on's stream; a TypeError naming that script without it. */
export function messageStream(source: StreamSource, options?: MessageStreamOptions): AsyncIterableIterator<unknown> {
  return extras('client.messages()').__messageStream(source, options);
}

/** No system codes in a browser: always `undefined`. */
export function codeFromSystem(_code: unknown): ErrorCode | undefined {
  return undefined;
}

// the same stand-ins as core's browser builds: nothing to wire, a `ws` socket refused, no system codes
export {
  attachNodeStyle,
  attachPongEvents,
  canPing,
  checkSocketKind,
  codeOfSystemError,
  PING_FRAMES,
  runtimeName,
  systemError,
} from '../../core/src/browser-stand-ins.js';
