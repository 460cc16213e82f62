/**
 * Orders waiting for the first live book of their instrument, shared by the paper sessions: the first wait of
 * an instrument starts its book subscription; the first book settles every wait, a refused subscription or
 * `closeAll()` rejects them (and a later order tries the subscription again).
 */

/** The waits of one paper session. */
export interface BookWaits {
  /** Resolves once `instrument`'s book is in; `start` (first call only) subscribes it, rejecting on refusal. */
  wait(instrument: string, start: () => Promise<unknown>): Promise<void>;
  /** The book of `instrument` arrived. */
  ready(instrument: string): void;
  /** Rejects every wait with `error`. */
  closeAll(error: unknown): void;
}

/**
 * Creates the waits of a paper session.
 *
 * @example
 * const books = bookWaits();
 * await books.wait('BTCUSDT', () => pub.subscribe('orderbook.50.BTCUSDT')); // settled by books.ready('BTCUSDT')
 */
export function bookWaits(): BookWaits {
  const waiting = new Map<string, { resolve(): void; reject(error: unknown): void }>();
  const books = new Map<string, Promise<void>>();
  const settle = (instrument: string, error?: unknown) => {
    const wait = waiting.get(instrument);
    waiting.delete(instrument);
    if (error === undefined) wait?.resolve();
    else {
      books.delete(instrument);
      wait?.reject(error);
    }
  };
  return {
    wait(instrument, start) {
      let ready = books.get(instrument);
      if (!ready) {
        ready = new Promise<void>((resolve, reject) => waiting.set(instrument, { resolve, reject }));
        books.set(instrument, ready);
        start().catch((error: unknown) => settle(instrument, error));
      }
      return ready;
    },
    ready: (instrument) => settle(instrument),
    closeAll(error) {
      for (const instrument of [...waiting.keys()]) settle(instrument, error);
    },
  };
}
