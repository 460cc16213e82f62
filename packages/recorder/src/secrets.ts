/**
 * The one list of secret keys: whatever redacts (the recorder, the simulators' event logs, the CLI's help)
 * asks {@link secretKeyMatcher} whether a key names a secret, so every part of the project agrees.
 *
 * Matching ignores case and separators and looks at the end of a key: a key is secret when its ASCII
 * letters and digits, lower-cased, end with those of a listed name. So `client_secret`, `clientSecret`, `CLIENT-SECRET`
 * and `client\u005fsecret` (once decoded) are the same key; `X-MBX-APIKEY`, `userApiKey` and
 * `binance.api_key` end with `apikey` and are secret too; `apiKeyId` and `my_signature_count` are not.
 */

/**
 * Keys whose values are secrets (credentials, signatures, tokens). Spelling is for documentation only:
 * matching ignores case and separators, and a key that ends with one of these names is secret too.
 *
 * @example
 * SECRET_KEYS.includes('apiKey'); // true
 */
export const SECRET_KEYS: readonly string[] = Object.freeze([
  'client_secret',
  'api_secret',
  'secret',
  'secret_key',
  'private_key',
  'password',
  'passphrase',
  'signature',
  'access_token',
  'refresh_token',
  'id_token',
  'auth_token',
  'session_token',
  'apiKey',
  'X-MBX-APIKEY',
  'authorization',
  'cookie',
  'listenKey',
]);

/**
 * A key in canonical form: its ASCII letters and digits, lower-cased (`X-MBX-APIKEY` → `xmbxapikey`).
 *
 * @example
 * canonicalKey('Client-Secret'); // 'clientsecret'
 */
export function canonicalKey(key: string): string {
  return key.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

/** Distinct keys remembered per matcher (keys repeat from frame to frame; the cap bounds order-book-like maps). */
const CACHE_LIMIT = 4096;

/**
 * A predicate telling whether a key names a secret: its canonical form ({@link canonicalKey}) ends with that
 * of a name in {@link SECRET_KEYS} or `extra` (so `X-MBX-APIKEY` matches `apiKey`).
 *
 * @example
 * const isSecret = secretKeyMatcher(['password']);
 * isSecret('CLIENT-SECRET'); // true
 * isSecret('X-MBX-APIKEY'); // true
 * isSecret('apiKeyId'); // false
 */
export function secretKeyMatcher(extra: readonly string[] = []): (key: string) => boolean {
  const names = [...new Set([...SECRET_KEYS, ...extra].map(canonicalKey))].filter((name) => name !== '');
  const cache = new Map<string, boolean>();
  return (key) => {
    let secret = cache.get(key);
    if (secret === undefined) {
      secret = endsWithSecret(key, names);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, secret);
    }
    return secret;
  };
}

/** Whether the canonical form of `key` ends with one of `names` (canonical forms). */
function endsWithSecret(key: string, names: readonly string[]): boolean {
  const canonical = canonicalKey(key);
  return names.some((name) => canonical.endsWith(name));
}

/**
 * Whether `key` names a secret in the default list ({@link SECRET_KEYS}).
 *
 * @example
 * isSecretKey('client\u005fsecret'); // true (the key as decoded from JSON)
 */
export const isSecretKey: (key: string) => boolean = /* @__PURE__ */ secretKeyMatcher();
