/**
 * Strict options for every public factory: unknown keys are refused with the nearest valid name and the list of
 * that factory's own options; wrong types name the option. One helper, so every factory words it the same way.
 */

/**
 * The valid name closest to `key` (case, `_`/`-` and up to two typos apart), if any; failing that, the one it
 * shares a long start with (`maxEntry` → `maxEntries`: at least 4 characters and 70 % of the longer name).
 */
export function nearestName(key: string, valid: readonly string[]): string | undefined {
  const plain = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  const k = plain(key);
  let near: string | undefined;
  let nearest = Math.min(2, Math.floor(k.length / 3));
  let prefix: string | undefined;
  let longest = 0;
  for (const name of valid) {
    const p = plain(name);
    const d = editDistance(k, p);
    if (d <= nearest && (near === undefined || d < nearest)) {
      near = name;
      nearest = d;
    }
    let shared = 0;
    while (shared < k.length && k[shared] === p[shared]) shared++;
    if (shared >= 4 && shared >= 0.7 * Math.max(k.length, p.length) && shared > longest) {
      prefix = name;
      longest = shared;
    }
  }
  return near ?? prefix;
}

/**
 * Levenshtein distance (small strings only: option names).
 *
 * @example
 * editDistance('timeot', 'timeout'); // 1
 */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length] as number;
}

/** `Unknown option "x" (did you mean "y"?)` — the shared wording. */
export function unknownOption(key: string, valid: readonly string[]): string {
  const hit = nearestName(key, valid);
  return `Unknown option "${key}"${hit ? ` (did you mean "${hit}"?)` : ''}`;
}

/**
 * Checks that `options` is an object (or undefined when `optional`) with only `valid` keys; throws a TypeError
 * naming the factory, the unknown key, the likely one and the factory's own valid options.
 */
export function checkKeys(where: string, options: unknown, valid: readonly string[], optional = false): void {
  if (options === undefined && optional) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new TypeError(
      `${where}(options): options must be an object, got ${options === null ? 'null' : typeof options}. Valid options: ${valid.join(', ')}`,
    );
  for (const key of Object.keys(options))
    if (!valid.includes(key))
      throw new TypeError(`${where}: u${unknownOption(key, valid).slice(1)}. Valid options: ${valid.join(', ')}`);
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
