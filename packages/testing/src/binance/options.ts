/**
 * Checks `startBinanceSimulator` options and fills in defaults; mistakes throw at once, naming the option.
 */
import { checkOptions } from '../kit/options.js';
import type { BinanceSimulatorAccount, BinanceSimulatorOptions } from './types.js';

/** The example key pair of Binance's API docs (their HMAC example): signatures in the docs verify with it. */
export const DOCS_ACCOUNT: BinanceSimulatorAccount = {
  apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A',
  secretKey: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j',
};

/** Options with defaults applied (every duration in ms, named `…Ms`). */
export interface SimSettings {
  readonly port: number;
  readonly symbols: readonly string[];
  readonly feedIntervalMs: number;
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  readonly messageLimit: number;
  readonly maxStreams: number;
  readonly connectionLifetimeMs: number;
  readonly accounts: readonly BinanceSimulatorAccount[];
  readonly clockSkewMs: number;
  readonly weightLimit: number;
  readonly orderLimit: number;
  readonly seed: number;
  readonly maxMessages: number;
}

const DAY = 86_400_000;

/** The options `startBinanceSimulator` knows. */
const NAMES = [
  'port',
  'symbols',
  'feedIntervalMs',
  'pingIntervalMs',
  'pongTimeoutMs',
  'messageLimit',
  'maxStreams',
  'connectionLifetimeMs',
  'accounts',
  'clockSkewMs',
  'weightLimit',
  'orderLimit',
  'seed',
  'maxMessages',
] as const;

/** Earlier names, still accepted (deprecated). */
const ALIASES = {
  feedInterval: 'feedIntervalMs',
  pingInterval: 'pingIntervalMs',
  pongTimeout: 'pongTimeoutMs',
  connectionLifetime: 'connectionLifetimeMs',
  clockSkew: 'clockSkewMs',
};

/**
 * Validates options (unknown keys refused with the nearest valid name) and applies defaults.
 *
 * @example
 * resolveSimOptions({ feedIntervalMs: 10 }).pingIntervalMs; // 20000
 */
export function resolveSimOptions(given: BinanceSimulatorOptions = {}): SimSettings {
  const options = checkOptions('startBinanceSimulator', given, NAMES, ALIASES);
  const count = (name: (typeof NAMES)[number], fallback: number, min = 0): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw new RangeError(`startBinanceSimulator: options.${name} must be a number >= ${min}, got ${String(value)}`);
    }
    return value;
  };
  const symbols = options.symbols ?? ['BTCUSDT', 'ETHUSDT', 'BNBUSDT'];
  if (!Array.isArray(symbols) || symbols.some((s) => typeof s !== 'string' || !/^[A-Z0-9]{2,20}$/.test(s))) {
    throw new TypeError('startBinanceSimulator: options.symbols must be upper-case symbols, e.g. ["BTCUSDT"]');
  }
  const accounts = options.accounts ?? [DOCS_ACCOUNT];
  for (const a of accounts) {
    if (typeof a?.apiKey !== 'string' || (a.secretKey === undefined && a.publicKey === undefined)) {
      throw new TypeError(
        'startBinanceSimulator: each account needs apiKey and secretKey (HMAC) or publicKey (Ed25519)',
      );
    }
  }
  const skew = options.clockSkewMs ?? 0;
  if (typeof skew !== 'number' || !Number.isFinite(skew)) {
    throw new RangeError(`startBinanceSimulator: options.clockSkewMs must be a finite number, got ${String(skew)}`);
  }
  return {
    port: count('port', 0),
    symbols,
    feedIntervalMs: count('feedIntervalMs', 100),
    pingIntervalMs: count('pingIntervalMs', 20_000),
    pongTimeoutMs: count('pongTimeoutMs', 60_000, 1),
    messageLimit: count('messageLimit', 5, 1),
    maxStreams: count('maxStreams', 1024, 1),
    connectionLifetimeMs: count('connectionLifetimeMs', DAY, 1),
    accounts,
    clockSkewMs: skew,
    weightLimit: count('weightLimit', 6000, 1),
    orderLimit: count('orderLimit', 50, 1),
    seed: count('seed', 1),
    maxMessages: count('maxMessages', 1000),
  };
}
