/**
 * Strict options for every server factory of the kit: a key that is not an option throws a `TypeError` that
 * names the nearest valid one ("did you mean") and lists the factory's own options; deprecated names are
 * mapped to their successors, so a typo never silently falls back to a default.
 */
import { checkKeys } from '@zen-websocket/core/internal';

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
  // core's checks on all but the aliases: the object test; an unknown key's nearest option and the valid list
  const plain = typeof options === 'object' && options !== null && !Array.isArray(options);
  checkKeys(factory, plain ? withoutKeys(options, Object.keys(aliases)) : options, names);
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
    }
  }
  return out as T;
}

/** A copy of `o` without the keys `drop`. */
function withoutKeys(o: object, drop: readonly string[]): object {
  return Object.fromEntries(Object.entries(o).filter(([key]) => !drop.includes(key)));
}
