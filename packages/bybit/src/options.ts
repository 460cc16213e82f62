import { checkKeys, defaultGlobalSocketFactory } from '@zen-websocket/core/internal';
import type { BybitCoreOptions, BybitOptions } from './types.js';

/** Bybit's mainnet host. */
export const BYBIT_MAINNET = 'wss://stream.bybit.com';
/** Bybit's testnet host. */
export const BYBIT_TESTNET = 'wss://stream-testnet.bybit.com';

/** The adapter's settings, checked, and the core options left over. */
export interface Resolved {
  base: string;
  category: 'linear' | 'spot';
  keys: { apiKey: string; apiSecret: string } | undefined;
  recvWindow: number;
  dcp: boolean;
  pingInterval: number;
  argsLimit: number;
  /** Measure the signing clock offset (`syncTime`, default true). */
  syncTime: boolean;
  /** A pinned signing clock offset (`clockOffsetMs`), ms. */
  clockOffsetMs: number | undefined;
  /** The `paper` option unless off (the paper engine checks it when it loads). */
  paper: unknown;
  core: BybitCoreOptions;
}

const OWN = 'url category apiKey apiSecret recvWindow dcp pingInterval argsLimit paper syncTime clockOffsetMs'.split(
  ' ',
);
const CORE =
  'socketFactory timeout headers debug retryCount retryDelay maxBackoff firstRetrySpread reconnectOnError requestTimeout latencyBufferSize clock signal healthyUptime maxMessageSize telemetry lifecycle limiter recordTo random classify'.split(
    ' ',
  );
const WHERE = 'createBybitClient';
const SDK_IMPORT = "import { createBybitClient } from 'zen-websocket/bybit'";

const fail = (message: string): never => {
  throw new TypeError(`${WHERE}: ${message}`);
};
const range = (name: string, value: number, min: number, max: number): void => {
  if (typeof value !== 'number' || !(value >= min && value <= max))
    throw new RangeError(`${WHERE}: options.${name} must be a number from ${min} to ${max}, got ${String(value)}`);
};

/**
 * Checks the options (a `TypeError`/`RangeError` naming the option; unknown keys with the nearest valid name)
 * and splits off the core ones. Without `socketFactory`, the runtime's global `WebSocket`, or a `TypeError`
 * naming `zen-websocket/bybit`.
 */
export function resolve(options: BybitOptions): Resolved {
  checkKeys(WHERE, options, [...OWN, ...CORE]);
  const {
    url = BYBIT_MAINNET,
    category = 'linear',
    apiKey,
    apiSecret,
    recvWindow = 5000,
    dcp = false,
    pingInterval = 20_000,
    argsLimit = 10,
    paper,
    syncTime,
    clockOffsetMs,
    ...core
  } = options;
  if (typeof url !== 'string' || !/^wss?:\/\/[^/]+\/?$/.test(url))
    fail(`options.url is the host only, such as "${BYBIT_MAINNET}" (paths are added per endpoint), got ${String(url)}`);
  if (category !== 'linear' && category !== 'spot')
    fail(`options.category must be "linear" or "spot", got ${String(category)}`);
  const keyed = apiKey !== undefined || apiSecret !== undefined;
  if (keyed && (typeof apiKey !== 'string' || !apiKey || typeof apiSecret !== 'string' || !apiSecret))
    fail('options.apiKey and options.apiSecret must both be non-empty strings');
  if (typeof dcp !== 'boolean') fail('options.dcp must be true or false');
  if (dcp && !keyed && !paper) fail('options.dcp needs apiKey and apiSecret (it is a private-stream feature)');
  if (syncTime !== undefined && typeof syncTime !== 'boolean') fail('options.syncTime must be true or false');
  if (clockOffsetMs !== undefined) {
    range('clockOffsetMs', clockOffsetMs, -86_400_000, 86_400_000);
    if (syncTime || !keyed) fail('options.clockOffsetMs needs keys and no syncTime: true');
  }
  range('recvWindow', recvWindow, 1, 60_000);
  range('pingInterval', pingInterval, 1, 600_000);
  if (!Number.isInteger(argsLimit)) range('argsLimit', Number.NaN, 1, 1000);
  range('argsLimit', argsLimit, 1, 1000);
  core.socketFactory ??= defaultGlobalSocketFactory(SDK_IMPORT);
  return {
    base: url.replace(/\/$/, ''),
    category,
    keys: keyed ? { apiKey: apiKey as string, apiSecret: apiSecret as string } : undefined,
    recvWindow,
    dcp,
    pingInterval,
    argsLimit,
    syncTime: syncTime !== false,
    clockOffsetMs,
    paper: paper === false ? undefined : paper,
    core,
  };
}
