/**
 * `zen-websocket/deribit` for browsers and workers: everything `@zen-websocket/deribit` exports, with `createDeribitClient`
 * using the runtime's own `WebSocket` (no upgrade headers, no ping frames) when no `socketFactory` is given.
 */
import { createDeribitClient as scopedCreateDeribitClient } from '@zen-websocket/deribit';
import { webSocketFactory as socketFactory } from '../web-factory.js';
import { withSocketFactory } from './with-socket.js';

export * from '@zen-websocket/deribit';

/**
 * Connects to Deribit and resolves once the first connection is ready (authenticated when credentials are
 * given, heartbeats on); `@zen-websocket/deribit`'s `createDeribitClient` with this runtime's socket as the
 * default `socketFactory`. Options, client and errors are the scoped package's.
 *
 * @example
 * import { createDeribitClient } from 'zen-websocket/deribit';
 *
 * const deribit = await createDeribitClient({ url: 'wss://test.deribit.com/ws/api/v2' });
 * console.log(await deribit.getTime());
 * await deribit.close();
 */
export const createDeribitClient: typeof scopedCreateDeribitClient = withSocketFactory(
  scopedCreateDeribitClient,
  socketFactory,
);
