/**
 * Request security of the simulated WebSocket API (as Binance documents it): HMAC-SHA256 (hex) and Ed25519 (base64)
 * signatures over every param but `signature`, sorted by name, raw UTF-8; then the timing rules — reject a
 * timestamp 1000 ms or more ahead of the server, or older than `recvWindow` (default 5000, max 60000).
 */
import { createHmac, createPublicKey, type KeyObject, timingSafeEqual, verify } from 'node:crypto';
import { BinanceFault, mandatory } from './fault.js';
import type { BinanceSimulatorAccount } from './types.js';

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The signature payload, built exactly as clients must build it.
 *
 * @example
 * signaturePayload({ timestamp: 1, apiKey: 'k' }); // 'apiKey=k&timestamp=1'
 */
export function signaturePayload(params: Record<string, unknown>): string {
  return Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => {
      const v = params[k];
      return `${k}=${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`;
    })
    .join('&');
}

function publicKeyOf(account: BinanceSimulatorAccount): KeyObject {
  const key = account.publicKey as string | Uint8Array;
  return typeof key === 'string'
    ? createPublicKey(key)
    : createPublicKey({ key: Buffer.concat([SPKI_ED25519, Buffer.from(key)]), format: 'der', type: 'spki' });
}

/**
 * Throws -1022 unless `signature` is the account's signature of `params`.
 *
 * @example
 * checkSignature(account, params); // HMAC accounts compare hex, case-insensitively
 */
export function checkSignature(account: BinanceSimulatorAccount, params: Record<string, unknown>): void {
  const signature = params.signature;
  if (typeof signature !== 'string' || signature === '') throw mandatory('signature');
  const payload = Buffer.from(signaturePayload(params), 'utf8');
  let valid: boolean;
  if (account.secretKey !== undefined) {
    const expected = createHmac('sha256', account.secretKey).update(payload).digest();
    const given = Buffer.from(signature.toLowerCase(), 'hex');
    valid = given.length === expected.length && timingSafeEqual(given, expected);
  } else {
    try {
      valid = verify(null, payload, publicKeyOf(account), Buffer.from(signature, 'base64'));
    } catch {
      valid = false;
    }
  }
  if (!valid) throw new BinanceFault(-1022, 'Signature for this request is not valid.');
}

/**
 * Throws -1021 (or -1102/-1131 for bad values) unless `timestamp` is within the window around `serverTime`.
 *
 * @example
 * checkTimestamp({ timestamp: Date.now() }, Date.now());
 */
export function checkTimestamp(params: Record<string, unknown>, serverTime: number): void {
  const raw = Number(params.timestamp);
  if (params.timestamp === undefined || !Number.isFinite(raw)) throw mandatory('timestamp');
  const timestamp = raw > 1e14 ? raw / 1000 : raw;
  const recvWindow = params.recvWindow === undefined ? 5000 : Number(params.recvWindow);
  if (!Number.isFinite(recvWindow) || recvWindow <= 0) throw mandatory('recvWindow');
  if (recvWindow > 60_000) throw new BinanceFault(-1131, 'recvWindow must be less than 60000');
  if (timestamp >= serverTime + 1000) {
    throw new BinanceFault(-1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  }
  if (serverTime - timestamp > recvWindow) {
    throw new BinanceFault(-1021, 'Timestamp for this request is outside of the recvWindow.');
  }
}
