import type { Client, ConnectOptions } from '@zen-websocket/core';
import { checkKeys, checkType, defaultGlobalSocketFactory, SCHEMA_KEYS } from '@zen-websocket/core/internal';
import type { DeribitCredentials, DeribitOptions, DeribitPaperOptions } from './types.js';

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
  /** Paper trading on (`paper` option), with its settings. */
  paper: DeribitPaperOptions | undefined;
  core: ConnectOptions<Client>;
}

type Own = Exclude<keyof DeribitOptions, keyof ConnectOptions<Client>> | 'classify';
/** The adapter's own options, listed first in an unknown-option message. */
const OWN = [
  'url',
  'clientId',
  'clientSecret',
  'credentials',
  'auth',
  'scope',
  'heartbeatInterval',
  'cancelOnDisconnect',
  'paper',
  'classify',
] as const satisfies readonly Own[];
/** Compiles only while {@link OWN} names every own option. */
type Complete<T extends never> = T;
export type OwnListed = Complete<Exclude<Own, (typeof OWN)[number]>>;
/**
 * The core options passed through: all of `connect()`'s but `heartbeat` and `protocol` (the adapter sets them)
 * and `classify` (the adapter's own, chained).
 */
export const CORE_OPTIONS: readonly string[] = SCHEMA_KEYS.filter(
  (name) => name !== 'heartbeat' && name !== 'protocol' && name !== 'classify',
);
const NAMES = [...OWN, ...CORE_OPTIONS];

/** What the scoped package suggests when the runtime has no WebSocket. */
const SDK_IMPORT = "import { createDeribitClient } from 'zen-websocket/deribit'";

const WHERE = 'createDeribitClient';
const fail = (message: string): never => {
  throw new TypeError(`${WHERE}: ${message}`);
};

/**
 * Validates the Deribit options (a `TypeError`/`RangeError` naming the option; unknown keys with the nearest
 * valid name) and splits off the core ones, which the core validates in turn. Without `socketFactory`, the
 * runtime's global `WebSocket` is used, or a `TypeError` names the import that brings one.
 */
export function resolve(options: DeribitOptions): Resolved {
  checkKeys(WHERE, options, NAMES); // unknown keys: the nearest valid name, and every valid one (the adapter's first)
  const {
    url = DERIBIT_TESTNET,
    clientId,
    clientSecret,
    credentials,
    auth = 'client_signature',
    scope,
    heartbeatInterval = 30,
    cancelOnDisconnect = false,
    paper,
    ...core
  } = options;
  checkType(WHERE, 'cancelOnDisconnect', cancelOnDisconnect, 'boolean');
  checkType(WHERE, 'scope', scope, 'string');
  if (auth !== 'client_signature' && auth !== 'client_credentials')
    fail(`options.auth must be "client_signature" or "client_credentials", got ${JSON.stringify(auth)}`);
  if (typeof heartbeatInterval !== 'number' || !(heartbeatInterval >= 10 && heartbeatInterval < 1e6))
    throw new RangeError(
      `${WHERE}: options.heartbeatInterval is in seconds and must be at least 10 (Deribit's minimum), got ${heartbeatInterval}`,
    );
  const keys = clientId !== undefined || clientSecret !== undefined;
  if (keys && !(typeof clientId === 'string' && clientId && typeof clientSecret === 'string' && clientSecret))
    fail('options.clientId and options.clientSecret must both be non-empty strings');
  if (credentials !== undefined && (keys || typeof credentials !== 'function'))
    fail(
      'options.credentials must be a function returning { clientId, clientSecret }, instead of clientId/clientSecret',
    );
  const provider = keys ? () => ({ clientId, clientSecret }) as DeribitCredentials : credentials;
  if (cancelOnDisconnect && !provider) fail('options.cancelOnDisconnect needs credentials (clientId and clientSecret)');
  // `true` → `{}`, `false`/undefined → off, an object as given
  if (paper !== undefined && typeof paper !== 'boolean' && (typeof paper !== 'object' || paper === null))
    fail('options.paper must be true, false or an options object');
  core.socketFactory ??= defaultGlobalSocketFactory(SDK_IMPORT);
  const mode = auth;
  return {
    url,
    credentials: provider,
    mode,
    scope,
    heartbeatInterval,
    cancelOnDisconnect,
    paper: paper === true ? {} : paper || undefined,
    core,
  };
}
