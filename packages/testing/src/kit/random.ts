/**
 * The one seeded random generator of the test kit (mulberry32): the same seed gives the same market in every
 * simulator, and `deriveSeed` gives each symbol or instrument a stream of its own, so what one symbol draws
 * never shifts another's sequence.
 */

/** A function returning a uniform number in [0, 1). */
export type Random = () => number;

/**
 * A seeded generator.
 *
 * @example
 * const random = createRandom(1);
 * random(); // the same number on every run
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A seed for one named part (a symbol, an instrument, a purpose) of a seeded whole (FNV-1a over the name).
 *
 * @example
 * createRandom(deriveSeed(1, 'BTCUSDT/book'));
 */
export function deriveSeed(seed: number, name: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/**
 * A whole number in [min, max].
 *
 * @example
 * between(random, 1, 3); // 1, 2 or 3
 */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
