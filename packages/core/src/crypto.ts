/**
 * HMAC-SHA256 for signing venue requests: WebCrypto where the runtime has it (`crypto.subtle`, which browsers
 * only expose in secure contexts), `@noble/hashes` where it does not. Both give the same bytes.
 *
 * `@noble/hashes` is loaded with a dynamic `import()` on first use without WebCrypto, so bundlers split it
 * into its own chunk that WebCrypto runtimes never fetch. The script-tag build has no module loader: there the
 * fallback is the optional `zen-websocket.noble.iife.min.js` add-on (see docs/runtimes.md).
 */

/** Which implementation to use: `auto` (WebCrypto if present), or one forced (tests, benchmarks). */
export type HmacImpl = 'auto' | 'webcrypto' | 'noble';

const bytes = (value: string | Uint8Array): Uint8Array =>
  typeof value === 'string' ? new TextEncoder().encode(value) : value;

/** The runtime's WebCrypto, if it has one here (browsers: secure contexts only). */
function subtle(): SubtleCrypto | undefined {
  return (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
}

/** HMAC-SHA256 through `@noble/hashes`, loaded on first use. */
async function nobleHmac(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const [{ hmac }, { sha256 }] = await Promise.all([import('@noble/hashes/hmac.js'), import('@noble/hashes/sha2.js')]);
  return hmac(sha256, key, message);
}

/**
 * HMAC-SHA256 of `message` under `key` (strings are UTF-8).
 *
 * @example
 * toHex(await hmacSha256('ABCD', '1554883365000\nfdbmmz79\n')) // 'e20c9cd5…' (Deribit's published vector)
 */
export async function hmacSha256(
  key: string | Uint8Array,
  message: string | Uint8Array,
  impl: HmacImpl = 'auto',
): Promise<Uint8Array> {
  const web = impl === 'noble' ? undefined : subtle();
  if (!web) {
    if (impl === 'webcrypto') throw new TypeError('hmacSha256: WebCrypto (crypto.subtle) is not available here');
    return nobleHmac(bytes(key), bytes(message));
  }
  const k = await web.importKey('raw', bytes(key) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await web.sign('HMAC', k, bytes(message) as BufferSource));
}

/** Lower-case hex of `data`. */
export function toHex(data: Uint8Array): string {
  let out = '';
  for (const b of data) out += b.toString(16).padStart(2, '0');
  return out;
}

/** HMAC-SHA256 as lower-case hex: what Deribit's and Binance's signatures are. */
export async function hmacSha256Hex(
  key: string | Uint8Array,
  message: string | Uint8Array,
  impl: HmacImpl = 'auto',
): Promise<string> {
  return toHex(await hmacSha256(key, message, impl));
}
