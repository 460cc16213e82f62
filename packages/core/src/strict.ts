/**
 * Strict options for every public factory: unknown keys are refused with the nearest valid name and the list of
 * that factory's own options; wrong types name the option. One helper, so every factory words it the same way.
 */

/**
 * The valid name `key` most likely stands for, if any, in this order: one that differs by case, `_`/`-` or a
 * single typo (a swapped pair of neighbouring letters is one: `rcp` → `rpc`); one whose first or last words are
 * the whole key (`url` → `baseUrl`, `reconnect` → `reconnectOnError`); one two typos away; one it shares a long
 * start with (`maxEntry` → `maxEntries`: at least 4 characters and 70 % of the longer name).
 */
export function nearestName(key: string, valid: readonly string[]): string | undefined {
  const plain = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  const k = plain(key);
  let near: string | undefined;
  let nearest = Math.min(2, Math.floor(k.length / 3));
  let whole: string | undefined;
  let prefix: string | undefined;
  let longest = 0;
  for (const name of valid) {
    const p = plain(name);
    const d = editDistance(k, p);
    if (d <= nearest && (near === undefined || d < nearest)) {
      near = name;
      nearest = d;
    }
    // whole words: the letter after the key (or the key's first, at the end) starts a word
    const at = p.startsWith(k) ? k.length : p.endsWith(k) ? name.length - k.length : 0;
    if (k.length > 2 && at > 0 && /[A-Z]/.test(name[at] ?? '')) whole ??= name;
    let shared = 0;
    while (shared < k.length && k[shared] === p[shared]) shared++;
    if (shared >= 4 && shared >= 0.7 * Math.max(k.length, p.length) && shared > longest) {
      prefix = name;
      longest = shared;
    }
  }
  return (nearest < 2 ? near : undefined) ?? whole ?? near ?? prefix;
}

/**
 * Edit distance between two short strings (option names): insertions, deletions, substitutions, and a swap of two
 * neighbouring letters, each one edit.
 *
 * @example
 * editDistance('timeot', 'timeout'); // 1
 * editDistance('rcp', 'rpc'); // 1
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      next[j] = d;
    }
    before = row;
    row = next;
  }
  return row[b.length] as number;
}

/** `. Valid options: a, b`, the end of an unknown-key message. */
const validList = (valid: readonly string[]): string => `. Valid options: ${valid.join(', ')}`;

/**
 * Checks that `options` is an object (or undefined when `optional`) with only `valid` keys; throws a TypeError
 * naming the factory, the unknown key, the likely one and the factory's own valid options. Every factory's
 * unknown-key check is this one (core's `connect`, the rule tables of `checkOptions`, the test kit's servers).
 *
 * @example
 * checkKeys('createVenueClient', { baseURL: 'ws://x' }, ['baseUrl']);
 * // TypeError: createVenueClient: unknown option "baseURL" (did you mean "baseUrl"?). Valid options: baseUrl
 */
export function checkKeys(where: string, options: unknown, valid: readonly string[], optional = false): void {
  if (options === undefined && optional) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new TypeError(
      `${where}: options must be an object, got ${options === null ? 'null' : typeof options}${validList(valid)}`,
    );
  for (const key of Object.keys(options))
    if (!valid.includes(key)) {
      const near = nearestName(key, valid);
      throw new TypeError(
        `${where}: unknown option "${key}"${near ? ` (did you mean "${near}"?)` : ''}${validList(valid)}`,
      );
    }
}

type Expected = 'function' | 'string' | 'number' | 'boolean' | 'object';

/** Throws a TypeError naming `where`'s option `name` unless `value` is undefined or of the `expected` type. */
export function checkType(where: string, name: string, value: unknown, expected: Expected): void {
  if (value === undefined) return;
  const actual = value === null ? 'null' : typeof value;
  if (actual === expected && !(expected === 'number' && Number.isNaN(value))) return;
  const article = expected === 'object' ? 'an' : 'a';
  throw new TypeError(`${where}: options.${name} must be ${article} ${expected}, got ${actual}`);
}

/** `url` (a string or `URL`) in normal form when it is a ws:// or wss:// URL with a host; else undefined. */
export function wsHref(url: unknown): string | undefined {
  if (typeof url === 'string' || url instanceof URL)
    try {
      const { protocol, hostname, href } = new URL(url);
      if (/^wss?:$/.test(protocol) && hostname) return href;
    } catch {}
  return undefined;
}

/**
 * Validates a ws:// or wss:// URL and returns it normalised; throws a TypeError saying what is wrong (the one
 * URL check: `connect()`'s URL and every URL option, through {@link wsHref}).
 */
export function checkUrl(url: unknown): string {
  const href = wsHref(url);
  if (href) return href;
  throw new TypeError(
    typeof url === 'string' || url instanceof URL
      ? `Invalid URL format: "${url}" must be a ws:// or wss:// URL with a host, e.g. wss://example.com/ws`
      : `URL is required: a ws:// or wss:// URL string, got ${typeof url}`,
  );
}
