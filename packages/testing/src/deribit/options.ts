/**
 * Checks `startDeribitSimulator` options and fills in defaults. Mistakes throw at once, naming the option.
 */
import { checkOptions } from '../kit/options.js';
import type { CreditBucketOptions, DeribitAccount, DeribitSimulatorOptions, SimInstrumentSpec } from './types.js';

/** A credit bucket with every field set. */
export type Bucket = Required<CreditBucketOptions>;

/** Options with defaults applied. */
export interface SimSettings {
  readonly port: number;
  readonly accounts: readonly DeribitAccount[];
  readonly tokenLifetimeMs: number;
  readonly signatureWindowMs: number;
  readonly heartbeatUnitMs: number;
  readonly minHeartbeatInterval: number;
  readonly clockOffsetMs: number;
  readonly credits: Bucket;
  readonly matchingCredits: Bucket;
  readonly maxFrameBytes: number;
  readonly maxConnections: number;
  readonly feedIntervalMs: number;
  readonly seed: number;
  readonly instruments: readonly SimInstrumentSpec[];
  readonly testnet: boolean;
  readonly balances: Readonly<Record<string, number>>;
  readonly idleTimeoutMs: number;
}

/** The options `startDeribitSimulator` knows. */
const DERIBIT_OPTIONS = [
  'port',
  'accounts',
  'tokenLifetimeMs',
  'signatureWindowMs',
  'heartbeatUnitMs',
  'minHeartbeatInterval',
  'clockOffsetMs',
  'credits',
  'matchingCredits',
  'maxFrameBytes',
  'maxConnections',
  'feedIntervalMs',
  'seed',
  'instruments',
  'testnet',
  'balances',
  'idleTimeoutMs',
] satisfies ReadonlyArray<keyof DeribitSimulatorOptions>;

export const DEFAULT_ACCOUNT: DeribitAccount = { clientId: 'sim-client', clientSecret: 'sim-secret' };

const DEFAULT_INSTRUMENTS: readonly SimInstrumentSpec[] = [
  { name: 'BTC-PERPETUAL', price: 65_000, tickSize: 0.5, contractSize: 10 },
  { name: 'ETH-PERPETUAL', price: 3_500, tickSize: 0.05, contractSize: 1 },
];

/**
 * Validates options; throws a `TypeError` or `RangeError` naming the bad one.
 *
 * @example
 * resolveSimOptions({ tokenLifetimeMs: 300 }).maxFrameBytes; // 32768
 */
export function resolveSimOptions(given: DeribitSimulatorOptions = {}): SimSettings {
  const o = checkOptions('startDeribitSimulator', given, DERIBIT_OPTIONS);
  const port = o.port ?? 0;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    throw new RangeError(`startDeribitSimulator: options.port must be an integer from 0 to 65535, got ${port}`);
  }
  return {
    port,
    accounts: accounts(o.accounts),
    tokenLifetimeMs: positive('tokenLifetimeMs', o.tokenLifetimeMs, 900_000),
    signatureWindowMs: positive('signatureWindowMs', o.signatureWindowMs, 60_000),
    heartbeatUnitMs: positive('heartbeatUnitMs', o.heartbeatUnitMs, 1000),
    minHeartbeatInterval: positive('minHeartbeatInterval', o.minHeartbeatInterval, 10),
    clockOffsetMs: finite('clockOffsetMs', o.clockOffsetMs, 0),
    credits: bucket('credits', o.credits, { cost: 500, cap: 50_000, refillPerSecond: 10_000 }),
    matchingCredits: bucket('matchingCredits', o.matchingCredits, { cost: 500, cap: 25_000, refillPerSecond: 10_000 }),
    maxFrameBytes: positive('maxFrameBytes', o.maxFrameBytes, 32_768),
    maxConnections: positive('maxConnections', o.maxConnections, 32),
    feedIntervalMs: finite('feedIntervalMs', o.feedIntervalMs, 100),
    seed: finite('seed', o.seed, 1),
    instruments: instruments(o.instruments),
    testnet: o.testnet ?? true,
    balances: balancesOf(o.balances),
    idleTimeoutMs: positive('idleTimeoutMs', o.idleTimeoutMs, 600_000),
  };
}

function finite(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`startDeribitSimulator: options.${name} must be a finite number, got ${String(value)}`);
  }
  if (name === 'feedIntervalMs' && value < 0) {
    throw new RangeError('startDeribitSimulator: options.feedIntervalMs must be >= 0 (0 = advance with tick())');
  }
  return value;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = finite(name, value, fallback);
  if (!(v > 0)) throw new RangeError(`startDeribitSimulator: options.${name} must be > 0, got ${v}`);
  return v;
}

function bucket(name: string, value: CreditBucketOptions | undefined, fallback: Bucket): Bucket {
  if (value === undefined) return fallback;
  return {
    cost: positive(`${name}.cost`, value.cost, fallback.cost),
    cap: positive(`${name}.cap`, value.cap, fallback.cap),
    refillPerSecond: positive(`${name}.refillPerSecond`, value.refillPerSecond, fallback.refillPerSecond),
  };
}

function accounts(list: readonly DeribitAccount[] | undefined): readonly DeribitAccount[] {
  if (list === undefined) return [DEFAULT_ACCOUNT];
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError(
      'startDeribitSimulator: options.accounts must be a non-empty array of { clientId, clientSecret }',
    );
  }
  for (const a of list) {
    if (typeof a?.clientId !== 'string' || typeof a.clientSecret !== 'string' || !a.clientId || !a.clientSecret) {
      throw new TypeError('startDeribitSimulator: every account needs a non-empty clientId and clientSecret string');
    }
  }
  return list;
}

function instruments(list: readonly SimInstrumentSpec[] | undefined): readonly SimInstrumentSpec[] {
  if (list === undefined) return DEFAULT_INSTRUMENTS;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError('startDeribitSimulator: options.instruments must be a non-empty array');
  }
  for (const i of list) {
    if (typeof i?.name !== 'string' || !(i.price > 0) || !(i.tickSize > 0) || !(i.contractSize > 0)) {
      throw new TypeError(
        'startDeribitSimulator: every instrument needs a name and positive price, tickSize and contractSize',
      );
    }
  }
  return list;
}

function balancesOf(value: Readonly<Record<string, number>> | undefined): Readonly<Record<string, number>> {
  if (value === undefined) return { BTC: 10, ETH: 100, USDC: 100_000 };
  if (value === null || typeof value !== 'object' || Object.values(value).some((n) => !(n >= 0))) {
    throw new TypeError('startDeribitSimulator: options.balances must map currencies to amounts >= 0, e.g. { BTC: 1 }');
  }
  return value;
}
