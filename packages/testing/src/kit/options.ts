/**
 * Strict options for every server factory of the kit: a key that is not an option throws a `TypeError` that
 * names the nearest valid one ("did you mean") and lists the factory's own options; deprecated names are
 * mapped to their successors, so a typo never silently falls back to a default.
 */
import { editDistance } from '@zen-websocket/core/internal';

/**
 * The valid name nearest to `key`: the same name in another case, a name it is a prefix of, or one at most two
 * edits away; undefined when none is close.
 *
 * @example
 * nearest('feedIntervall', ['feedIntervalMs', 'seed']); // 'feedIntervalMs'
 */
export function nearest(key: string, names: readonly string[]): string | undefined {
  let near: string | undefined;
  let best = Math.min(2, key.length / 3) + 0.5;
  for (const name of names) {
    const d =
      name.toLowerCase() === key.toLowerCase()
        ? 0
        : name.startsWith(key) || key.startsWith(name)
          ? 1
          : editDistance(key.toLowerCase(), name.toLowerCase());
    if (d < best) [near, best] = [name, d];
  }
  return near;
}

/**
 * Checks `options` of `factory` against its valid names (and deprecated aliases, which are accepted and
 * renamed); returns a copy with the aliases renamed. Throws a `TypeError` for anything else.
 *
 * @example
 * const o = checkOptions('startBinanceSimulator', { feedInterval: 10 }, ['feedIntervalMs'], { feedInterval: 'feedIntervalMs' });
 * o.feedIntervalMs; // 10
 */
export function checkOptions<T extends object>(
  factory: string,
  options: T | undefined,
  names: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${factory}: options must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (names.includes(key)) {
      if (value !== undefined || !(key in out)) out[key] = value;
      continue;
    }
    const successor = aliases[key];
    if (successor !== undefined) {
      if (options[successor as keyof T] !== undefined && value !== undefined) {
        throw new TypeError(
          `${factory}: options.${key} and options.${successor} name the same option; keep ${successor}`,
        );
      }
      if (value !== undefined) out[successor] = value;
      continue;
    }
    const near = nearest(key, [...names, ...Object.keys(aliases)]);
    const hint = near === undefined ? '' : ` (did you mean "${aliases[near] ?? near}"?)`;
    throw new TypeError(`${factory}: unknown option "${key}"${hint}. Valid options: ${names.join(', ')}`);
  }
  return out as T;
}
