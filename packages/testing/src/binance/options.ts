/**
 * Checks `startBinanceSimulator` options and fills in defaults; mistakes throw at once, naming the option.
 */
import type { BinanceSimulatorAccount, BinanceSimulatorOptions } from './types.js';

/** The example key pair of Binance's API docs (their HMAC example): signatures in the docs verify with it. */
export const DOCS_ACCOUNT: BinanceSimulatorAccount = {
  apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A',
  secretKey: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j',
};

/** Options with defaults applied. */
export interface SimSettings {
  readonly port: number;
  readonly symbols: readonly string[];
  readonly feedInterval: number;
  readonly pingInterval: number;
  readonly pongTimeout: number;
  readonly messageLimit: number;
  readonly maxStreams: number;
  readonly connectionLifetime: number;
  readonly accounts: readonly BinanceSimulatorAccount[];
  readonly clockSkew: number;
  readonly weightLimit: number;
  readonly orderLimit: number;
  readonly seed: number;
  readonly maxMessages: number;
}

const DAY = 86_400_000;

/**
 * Validates options and applies defaults.
 *
 * @example
 * resolveSimOptions({ feedInterval: 10 }).pingInterval; // 20000
 */
export function resolveSimOptions(options: BinanceSimulatorOptions = {}): SimSettings {
  const count = (name: keyof BinanceSimulatorOptions, fallback: number, min = 0): number => {
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
  return {
    port: count('port', 0),
    symbols,
    feedInterval: count('feedInterval', 100),
    pingInterval: count('pingInterval', 20_000),
    pongTimeout: count('pongTimeout', 60_000, 1),
    messageLimit: count('messageLimit', 5, 1),
    maxStreams: count('maxStreams', 1024, 1),
    connectionLifetime: count('connectionLifetime', DAY, 1),
    accounts,
    clockSkew: options.clockSkew ?? 0,
    weightLimit: count('weightLimit', 6000, 1),
    orderLimit: count('orderLimit', 50, 1),
    seed: count('seed', 1),
    maxMessages: count('maxMessages', 1000),
  };
}
