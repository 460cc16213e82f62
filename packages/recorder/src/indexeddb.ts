/**
 * `@zen-websocket/recorder/indexeddb`: a sink that keeps recordings in the browser's IndexedDB.
 *
 * Frames are buffered and written in one transaction per batch (every `flushInterval` ms, every `maxBuffered`
 * entries, on `flush()`/`close()` and when the page is hidden or unloaded). The store is capped at `maxBytes`
 * (counted in characters of the stored lines); the oldest lines are evicted first. Recordings survive page
 * reloads: a sink opened on an existing database appends, `clear()` empties it, `export()` gives a JSONL
 * `Blob` to download.
 */

import type { RecordEntry, RecordSink } from '@zen-websocket/core';
import { checkKeys } from '@zen-websocket/core/strict';
import { type BufferOptions, type FormatOptions, formatter, ownedEntry } from '@zen-websocket/recorder';

export interface IndexedDbSinkOptions extends FormatOptions, BufferOptions {
  /** Cap on the stored lines, in characters (default 50 MiB); the oldest lines are evicted first. */
  maxBytes?: number;
  /** The IndexedDB factory (default the global `indexedDB`). */
  indexedDB?: IndexedDbFactory;
}

/**
 * The DOM's `IDBFactory` where the DOM lib is loaded, and `unknown` elsewhere: the published types never need
 * the DOM lib (a Node project type-checks them with `lib: ["es2022"]`).
 */
export type IndexedDbFactory = typeof globalThis extends { indexedDB: infer F } ? F : unknown;

/** A sink writing JSONL lines to an IndexedDB database. */
export interface IndexedDbSink extends RecordSink {
  readonly name: string;
  /** Resolves once every entry recorded so far is stored; rejects if storing failed. */
  flush(): Promise<void>;
  /** Flushes and closes the database. Idempotent. */
  close(): Promise<void>;
  /** The stored lines, oldest first (after a flush). */
  read(): Promise<string[]>;
  /** The stored recording as a JSONL `Blob` (`application/x-ndjson`), e.g. for a download link. */
  export(): Promise<Blob>;
  /** Deletes every stored line. */
  clear(): Promise<void>;
}

const STORES = ['lines', 'meta'];

/** A request (`onsuccess`) or transaction (`oncomplete`) as a promise of its result. */
function done<T>(target: IDBRequest<T> | IDBTransaction, event = 'onsuccess'): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = target as unknown as Record<string, unknown> & { result: T; error: unknown };
    t[event] = () => resolve(t.result);
    t.onerror = t.onabort = () => reject(t.error);
  });
}

/**
 * Opens (creating it if needed) the IndexedDB database `name` and returns a sink appending to it. Throws a
 * `TypeError` at once where there is no IndexedDB (Node, Deno, Bun: use `fileSink` from `./fs`).
 *
 * @example
 * import { indexedDbSink } from '@zen-websocket/recorder/indexeddb';
 * const sink = indexedDbSink('session');
 * const client = await connect(url, { recordTo: sink });
 * // later: a download link
 * link.href = URL.createObjectURL(await sink.export());
 */
export function indexedDbSink(name: string, options: IndexedDbSinkOptions = {}): IndexedDbSink {
  checkKeys('indexedDbSink', options, ['maxBytes', 'flushInterval', 'maxBuffered', 'indexedDB', 'redact']);
  const {
    maxBytes = 50 * 1024 * 1024,
    flushInterval = 1000,
    maxBuffered = 100,
    indexedDB: factory = globalThis.indexedDB,
  } = options;
  if (!factory)
    throw new TypeError('No IndexedDB here: use fileSink() from @zen-websocket/recorder/fs, or memorySink()');
  if (!(maxBytes > 0 && flushInterval > 0 && maxBuffered >= 1))
    throw new RangeError('maxBytes and flushInterval must be positive, maxBuffered at least 1');
  const format = formatter(options);
  const request = factory.open(name, 1);
  request.onupgradeneeded = () => {
    for (const store of STORES) request.result.createObjectStore(store, { autoIncrement: store === 'lines' });
  };
  const db = done(request);
  let failed: unknown;
  db.catch((error: unknown) => {
    failed = error;
  });
  let buffer: RecordEntry[] = [];
  let last: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closing: Promise<void> | undefined;

  /** One transaction over both stores; resolves with `work`'s request's result once it commits. */
  const run = async <T>(
    mode: IDBTransactionMode,
    work: (lines: IDBObjectStore, meta: IDBObjectStore) => IDBRequest<T> | undefined,
  ): Promise<T | undefined> => {
    const tx = (await db).transaction(STORES, mode);
    const result = work(tx.objectStore('lines'), tx.objectStore('meta'));
    await done(tx, 'oncomplete');
    return result?.result;
  };

  /** Adds `lines`, then deletes the oldest lines while the total is over `maxBytes`, in one transaction. */
  const store = (lines: string[]) =>
    run('readwrite', (store, meta) => {
      for (const line of lines) store.add(line);
      const total = meta.get(0);
      total.onsuccess = () => {
        let bytes = lines.reduce((sum, line) => sum + line.length, (total.result as number | undefined) ?? 0);
        const cursors = store.openCursor();
        cursors.onsuccess = () => {
          const cursor = cursors.result;
          if (cursor && bytes > maxBytes) {
            bytes -= (cursor.value as string).length;
            cursor.delete();
            cursor.continue();
          } else meta.put(bytes, 0);
        };
      };
      return undefined;
    });

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (buffer.length > 0) {
      const lines = buffer.map(format);
      buffer = [];
      last = last.then(() => store(lines));
      last.catch((error: unknown) => {
        failed ??= error;
      });
    }
    return last.then(() => undefined);
  };

  const onHide = () => void flush().catch(() => {});
  globalThis.addEventListener?.('pagehide', onHide);
  const read = async (): Promise<string[]> => {
    await flush();
    return (await run('readonly', (lines) => lines.getAll())) as string[];
  };

  return {
    name,
    record(entry) {
      if (failed) throw failed;
      if (closing) throw new Error(`The IndexedDB sink ${name} is closed`);
      buffer.push(ownedEntry(entry));
      if (buffer.length >= maxBuffered) onHide();
      else timer ??= setTimeout(onHide, flushInterval);
    },
    flush,
    close() {
      closing ??= flush().finally(async () => {
        globalThis.removeEventListener?.('pagehide', onHide);
        (await db.catch(() => undefined))?.close();
      });
      return closing;
    },
    read,
    export: async () =>
      new Blob(
        (await read()).map((line) => `${line}\n`),
        { type: 'application/x-ndjson' },
      ),
    clear: async () => {
      await flush();
      await run('readwrite', (lines, meta) => {
        lines.clear();
        return meta.clear();
      });
    },
  };
}
