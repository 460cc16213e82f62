import { ZenError } from '../errors.js';
import type { Unsubscribe } from '../events.js';
import type { BookEvents, LocalBook } from './types.js';

/** A handler given to `on` before the engine is there, and its unsubscribe from the engine once attached. */
interface Early {
  type: keyof BookEvents;
  handler: (payload: never) => void;
  off?: Unsubscribe;
}

/**
 * A {@link LocalBook} whose engine is still loading (`load`: a dynamic `import()` of the venue's book code, so
 * applications that never keep a book do not ship the engine up front). Until it is there the book reads as
 * `syncing` and empty; handlers given to `on` are attached to the engine once it is, `synced()` and `close()`
 * wait for it (a `close()` before then closes it once it arrives). When loading fails, `synced()` rejects
 * and `error` handlers receive a `ZenError` whose cause is the reason.
 *
 * @example
 * const book = lazyBook('BTC-PERPETUAL', () => import('./book-engine.js').then((m) => m.startBook(core, options)));
 */
export function lazyBook(instrument: string, load: () => Promise<LocalBook>): LocalBook {
  let engine: LocalBook | undefined;
  let closed = false;
  const early = new Set<Early>();
  const ready = load().then(
    (loaded) => {
      engine = loaded;
      if (!closed) for (const e of early) e.off = loaded.on(e.type, e.handler as never);
      return loaded;
    },
    (cause: unknown) => {
      const error = new ZenError('connection_error', `order book ${instrument}: its code did not load`, { cause });
      for (const e of early) if (e.type === 'error') e.handler(error as never);
      throw error;
    },
  );
  ready.catch(() => {}); // reported to error handlers and synced()
  return {
    instrument,
    get state() {
      return engine?.state ?? 'syncing';
    },
    get lastUpdateId() {
      return engine?.lastUpdateId ?? -1;
    },
    get changeId() {
      return engine?.changeId ?? -1;
    },
    get timestamp() {
      return engine?.timestamp ?? 0;
    },
    bids: (n) => engine?.bids(n) ?? [],
    asks: (n) => engine?.asks(n) ?? [],
    best: () => engine?.best() ?? { bid: undefined, ask: undefined },
    spread: () => engine?.spread(),
    depthAt: (price) => engine?.depthAt(price) ?? 0,
    on(type, handler) {
      if (engine) return engine.on(type, handler);
      const e: Early = { type, handler };
      early.add(e);
      return () => {
        early.delete(e);
        e.off?.();
      };
    },
    synced: async (timeoutMs) => (await ready).synced(timeoutMs),
    async close() {
      closed = true;
      await (engine ?? (await ready.catch(() => undefined)))?.close();
    },
  };
}
