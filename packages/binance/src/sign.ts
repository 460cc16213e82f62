import { hmacSha256Hex } from '@zen-websocket/core/crypto';

/** Which Ed25519 implementation to use: WebCrypto when present (`auto`), or one forced (tests). */
export type Ed25519Impl = 'auto' | 'webcrypto' | 'noble';

/** An Ed25519 private key: PKCS#8 PEM text, the 32-byte seed, or a WebCrypto `CryptoKey` (sign usage). */
export type Ed25519Key = string | Uint8Array | WebCryptoKey;

/**
 * The DOM's `CryptoKey` where the DOM lib is loaded, else its shape (Node's `webcrypto` keys fit): the published
 * types must not need the DOM lib.
 */
type WebCryptoKey = typeof globalThis extends { CryptoKey: { prototype: infer K } }
  ? K
  : {
      readonly type: string;
      readonly extractable: boolean;
      readonly algorithm: { readonly name: string };
      readonly usages: readonly string[];
    };

/**
 * The WebSocket API signature payload: every param except `signature` (including `apiKey`), sorted by name,
 * as `name=value` joined by `&`, values raw (no percent-encoding); objects and arrays as JSON text.
 *
 * @example
 * signaturePayload({ symbol: 'BTCUSDT', apiKey: 'k', timestamp: 1 }) // 'apiKey=k&symbol=BTCUSDT&timestamp=1'
 */
export function signaturePayload(params: Record<string, unknown>): string {
  return Object.keys(params)
    .filter((k) => k !== 'signature' && params[k] !== undefined)
    .sort()
    .map((k) => {
      const v = params[k];
      return `${k}=${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`;
    })
    .join('&');
}

/**
 * HMAC-SHA256 signature (lower-case hex) of the params, keyed with the secret as UTF-8.
 *
 * @example
 * await signHmac(secretKey, { apiKey, symbol: 'BTCUSDT', timestamp: 1645423376532 })
 */
export function signHmac(secretKey: string, params: Record<string, unknown>): Promise<string> {
  return hmacSha256Hex(secretKey, signaturePayload(params));
}

const PKCS8_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/** The 32-byte seed of a PEM (PKCS#8) or raw Ed25519 private key. */
function seedOf(key: string | Uint8Array): Uint8Array {
  const bytes =
    typeof key === 'string'
      ? Uint8Array.from(atob(key.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0))
      : key;
  if (bytes.length !== 32 && bytes.length !== 48) {
    throw new TypeError('Ed25519 privateKey must be a PKCS#8 PEM, the 32-byte seed, or a CryptoKey');
  }
  return bytes.slice(-32);
}

const base64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

/**
 * Ed25519 signature (base64) of the params: WebCrypto (`crypto.subtle`, Ed25519) where the runtime has it,
 * `@noble/curves` (loaded on first use) where it does not.
 *
 * @example
 * await signEd25519(pemText, { apiKey, timestamp: Date.now() })
 */
export async function signEd25519(
  key: Ed25519Key,
  params: Record<string, unknown>,
  impl: Ed25519Impl = 'auto',
): Promise<string> {
  const message = new TextEncoder().encode(signaturePayload(params));
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (typeof key === 'object' && !(key instanceof Uint8Array)) {
    return base64(new Uint8Array(await (subtle as SubtleCrypto).sign('Ed25519', key, message)));
  }
  const seed = seedOf(key);
  if (impl !== 'noble' && subtle) {
    try {
      const pkcs8 = new Uint8Array([...PKCS8_PREFIX, ...seed]);
      const cryptoKey = await subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
      return base64(new Uint8Array(await subtle.sign('Ed25519', cryptoKey, message)));
    } catch (error) {
      if (impl === 'webcrypto') throw error;
    }
  }
  const { ed25519 } = await import('@noble/curves/ed25519.js');
  return base64(ed25519.sign(message, seed));
}
