/**
 * One side of a book: price levels in parallel sorted arrays, best level LAST, so the busy top of the book is
 * where inserts and removals are cheapest (a splice moves only the levels behind it). Chosen by measurement
 * (bench/book.mjs): cheaper than a Map plus a sort and than a tree for books of up to a few thousand levels.
 */

/** A price level as a venue sends it: price and size as numbers or decimal strings, anything after ignored. */
export type LevelInput = readonly [price: number | string, size: number | string, ...rest: unknown[]];

/** A price level: `[price, size]`. */
export type Level = [price: number, size: number];

/** Price levels of one side (internal). `sign` is 1 for bids, -1 for asks: keys are `sign × price`, ascending. */
export class BookSide {
  readonly #sign: 1 | -1;
  #keys: number[] = [];
  #sizes: number[] = [];
  /** Price and size texts as received, kept only when a checksum needs them. */
  #texts: string[][] | undefined;

  constructor(sign: 1 | -1, keepText: boolean) {
    this.#sign = sign;
    this.#texts = keepText ? [[], []] : undefined;
  }

  /** Number of levels. */
  get size(): number {
    return this.#keys.length;
  }

  /** Removes every level. */
  clear(): void {
    this.#keys = [];
    this.#sizes = [];
    if (this.#texts) this.#texts = [[], []];
  }

  /** Sets a level's absolute size (0 removes it); returns false when nothing changed. */
  set(level: LevelInput): boolean {
    const price = +level[0];
    const size = +level[1];
    if (Number.isNaN(price) || Number.isNaN(size)) throw new TypeError(`book level is not numeric: ${String(level)}`);
    const keys = this.#keys;
    const key = this.#sign * price;
    const n = keys.length;
    // fast path: the new best level, or the current one
    const i = n > 0 && key <= (keys[n - 1] as number) ? this.#find(key) : n;
    const found = i < n && keys[i] === key;
    if (size === 0) {
      if (!found) return false;
      this.#remove(i);
      return true;
    }
    if (found) {
      if (this.#texts) (this.#texts[1] as string[])[i] = String(level[1]);
      if (this.#sizes[i] === size) return false;
      this.#sizes[i] = size;
      return true;
    }
    if (i === n) {
      keys.push(key);
      this.#sizes.push(size);
    } else {
      keys.splice(i, 0, key);
      this.#sizes.splice(i, 0, size);
    }
    if (this.#texts) {
      (this.#texts[0] as string[]).splice(i, 0, String(level[0]));
      (this.#texts[1] as string[]).splice(i, 0, String(level[1]));
    }
    return true;
  }

  /** Size at `price`, 0 when there is no level. */
  sizeAt(price: number): number {
    const key = this.#sign * price;
    const i = this.#find(key);
    return this.#keys[i] === key ? (this.#sizes[i] as number) : 0;
  }

  /** The best `n` levels, best first. */
  top(n: number): Level[] {
    const keys = this.#keys;
    const out: Level[] = [];
    for (let i = keys.length - 1, k = 0; i >= 0 && k < n; i--, k++) {
      out.push([this.#sign * (keys[i] as number), this.#sizes[i] as number]);
    }
    return out;
  }

  /** The best level, or undefined. */
  best(): Level | undefined {
    const i = this.#keys.length - 1;
    return i < 0 ? undefined : [this.#sign * (this.#keys[i] as number), this.#sizes[i] as number];
  }

  /** The best `n` levels as received texts (price, size), best first; numbers as text without them. */
  topText(n: number): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    const keys = this.#keys;
    for (let i = keys.length - 1, k = 0; i >= 0 && k < n; i--, k++) {
      const texts = this.#texts;
      out.push(
        texts
          ? [texts[0]?.[i] as string, texts[1]?.[i] as string]
          : [String(this.#sign * (keys[i] as number)), String(this.#sizes[i])],
      );
    }
    return out;
  }

  /** First index whose key is ≥ `key` (binary search). */
  #find(key: number): number {
    const keys = this.#keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #remove(i: number): void {
    if (i === this.#keys.length - 1) {
      this.#keys.pop();
      this.#sizes.pop();
    } else {
      this.#keys.splice(i, 1);
      this.#sizes.splice(i, 1);
    }
    if (this.#texts) {
      (this.#texts[0] as string[]).splice(i, 1);
      (this.#texts[1] as string[]).splice(i, 1);
    }
  }
}
