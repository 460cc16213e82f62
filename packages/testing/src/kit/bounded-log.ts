/**
 * An append-only list that keeps at most `capacity` items (oldest dropped) and tells listeners about each append,
 * including items a capacity of 0 does not keep.
 */
export interface BoundedLog<T> {
  /** A snapshot, oldest first. */
  items(): T[];
  push(item: T): void;
  /** Calls `listener` for every later push; returns the unsubscribe function. */
  listen(listener: (item: T) => void): () => void;
}

/**
 * Creates a {@link BoundedLog}.
 *
 * @example
 * const log = createBoundedLog<string>(2);
 * log.push('a'); log.push('b'); log.push('c');
 * log.items(); // ['b', 'c']
 */
export function createBoundedLog<T>(capacity: number): BoundedLog<T> {
  const entries: T[] = [];
  const listeners = new Set<(item: T) => void>();
  return {
    items: () => entries.slice(),
    push(item) {
      entries.push(item);
      if (entries.length > capacity) entries.splice(0, entries.length - capacity);
      for (const listener of [...listeners]) listener(item);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
