/** The Binance factories' option rules, checked by core's `checkOptions` (rules.ts). */
import { is, literal, type Rules } from '@zen-websocket/core/internal';

/** Keys of core's `connect` options an adapter passes through (`connect: { … }`); core checks their values. */
export const PASS_THROUGH: Rules = Object.fromEntries(
  'timeout headers debug retryCount retryDelay maxBackoff firstRetrySpread healthyUptime maxMessageSize telemetry random clock signal lifecycle recordTo'
    .split(' ')
    .map((key) => [key, is.any]),
);

const heartbeat: Rules = { interval: is.positive, timeout: is.positive, probe: [is.boolean, literal('auto')] };

/** The rules of `createBinanceStreams` (a function: a half of the script-tag add-on drops the other's table whole). */
export const streamsRules = (): Rules => ({
  baseUrl: is.url,
  raw: is.boolean,
  socketFactory: is.function,
  maxStreamsPerConnection: is.count,
  maxUrlLength: is.count,
  limit: { messages: is.count, reserve: is.natural, windowMs: is.positive, maxQueue: is.natural, batch: is.count },
  heartbeat,
  rotation: [literal(false), { after: is.positive, window: is.natural }],
  requestTimeout: is.positive,
  classify: is.function,
  connect: PASS_THROUGH,
});

/** The rules of `createBinanceApi` (a function, as {@link streamsRules}). */
export const apiRules = (): Rules => ({
  url: is.url,
  socketFactory: is.function,
  apiKey: is.string,
  secretKey: is.string,
  privateKey: (v) =>
    typeof v === 'string' || v instanceof Uint8Array || (typeof v === 'object' && v !== null)
      ? undefined
      : 'a PKCS#8 PEM string, a 32-byte Uint8Array seed or a CryptoKey',
  logon: is.boolean,
  recvWindow: is.positive,
  syncTime: is.boolean,
  now: is.function,
  requestTimeout: is.positive,
  heartbeat,
  classify: is.function,
  connect: PASS_THROUGH,
  // the engine checks the values of balances and streams when it loads (before connecting)
  paper: [is.boolean, { balances: is.any, streams: is.any, streamsUrl: is.url }],
});
