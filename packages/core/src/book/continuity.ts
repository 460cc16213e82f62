/**
 * How diffs chain, and the one pure rule that decides what to do with each.
 * - `range` (Binance): a diff covers update ids `first…last`; it must reach past the book (`last` > id) and
 *   leave no hole (`first` ≤ id + 1).
 * - `chain` (Deribit): a diff names the id it follows (`first` = `prev_change_id`); it must follow the book's.
 */
export type Sequence = 'range' | 'chain';

/** `apply` it, drop it as `old` (already in the book), or it shows a `gap`. */
export type Verdict = 'apply' | 'old' | 'gap';

/**
 * The verdict for a diff `first…last` on a book at `id`.
 *
 * @example
 * verdict('range', 100, 99, 105); // 'apply' (straddles 101)
 * verdict('range', 100, 103, 105); // 'gap' (101 and 102 are missing)
 */
export function verdict(sequence: Sequence, id: number, first: number, last: number): Verdict {
  if (last <= id) return 'old';
  if (sequence === 'range') return first > id + 1 ? 'gap' : 'apply';
  return first === id ? 'apply' : 'gap';
}
