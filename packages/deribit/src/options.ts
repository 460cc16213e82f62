import type { Client, ConnectOptions } from '@zen-websocket/core';
import type { DeribitCredentials, DeribitOptions } from './types.js';

/** Deribit's testnet, the default URL. */
export const DERIBIT_TESTNET = 'wss://test.deribit.com/ws/api/v2';
/** Deribit's production URL. */
export const DERIBIT_MAINNET = 'wss://www.deribit.com/ws/api/v2';

/** The adapter's own options, checked, and the core options left over. */
export interface Resolved {
  url: string | URL;
  credentials: (() => DeribitCredentials | Promise<DeribitCredentials>) | undefined;
  mode: 'client_signature' | 'client_credentials';
  scope: string | undefined;
  /** Seconds. */
  heartbeatInterval: number;
  cancelOnDisconnect: boolean;
  core: ConnectOptions<Client>;
}

const fail = (message: string): never => {
  throw new TypeError(`createDeribitClient: ${message}`);
};

/**
 * Validates the Deribit options (a `TypeError`/`RangeError` naming the option) and splits off the core ones,
 * which the core validates in turn.
 */
export function resolve(options: DeribitOptions): Resolved {
  if (options === null || typeof options !== 'object') fail('options must be an object');
  const {
    url = DERIBIT_TESTNET,
    clientId,
    clientSecret,
    credentials,
    auth = 'client_signature',
    scope,
    heartbeatInterval = 30,
    cancelOnDisconnect = false,
    ...core
  } = options;
  if (auth !== 'client_signature' && auth !== 'client_credentials') {
    fail(`options.auth must be "client_signature" or "client_credentials", got ${JSON.stringify(auth)}`);
  }
  if (typeof heartbeatInterval !== 'number' || !(heartbeatInterval >= 10 && heartbeatInterval < 1e6)) {
    throw new RangeError(
      `createDeribitClient: options.heartbeatInterval is in seconds and must be at least 10 (Deribit's minimum), got ${heartbeatInterval}`,
    );
  }
  const keys = clientId !== undefined || clientSecret !== undefined;
  if (keys && (typeof clientId !== 'string' || !clientId || typeof clientSecret !== 'string' || !clientSecret)) {
    fail('options.clientId and options.clientSecret must both be non-empty strings');
  }
  if (credentials !== undefined && (keys || typeof credentials !== 'function')) {
    fail(
      'options.credentials must be a function returning { clientId, clientSecret }, instead of clientId/clientSecret',
    );
  }
  if (typeof cancelOnDisconnect !== 'boolean') fail('options.cancelOnDisconnect must be true or false');
  const provider = keys ? () => ({ clientId, clientSecret }) as DeribitCredentials : credentials;
  if (cancelOnDisconnect && !provider) fail('options.cancelOnDisconnect needs credentials (clientId and clientSecret)');
  if (scope !== undefined && typeof scope !== 'string') fail('options.scope must be a string');
  return { url, credentials: provider, mode: auth, scope, heartbeatInterval, cancelOnDisconnect, core };
}
