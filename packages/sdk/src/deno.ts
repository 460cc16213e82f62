/**
 * zen-websocket for Deno: the web build, with Deno's own WebSocket given `{ protocols, headers }` so upgrade
 * headers are sent.
 */
import type { SocketFactory } from '@zen-websocket/core';
import { fileSink } from '@zen-websocket/recorder/fs';
import { nativeSocketFactory } from './web-factory.js';
import { connectWith } from './with-factory.js';

export * from './web.js';
export { nativeSocketFactory };

/** Connects with Deno's WebSocket (headers supported, no ping frames). */
export const connect = connectWith(nativeSocketFactory, undefined, (path) => fileSink(path));

/** The socket factory `connect` uses by default in this runtime. */
export const defaultSocketFactory: SocketFactory = nativeSocketFactory;
