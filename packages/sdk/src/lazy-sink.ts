import type { RecordEntry, RecordSink } from '@zen-websocket/core';

/** A {@link lazySink}: a sink with `ready`, settled once the real sink is there or could not be made. */
export interface LazySink extends RecordSink {
  /** Resolves once the sink has loaded or failed to (never rejects: a failure is reported by `record`). */
  readonly ready: Promise<void>;
}

/**
 * A sink that stands in for one still loading (`load`: a dynamic `import()` of the IndexedDB sink, for one): what
 * is recorded meanwhile is kept in order and handed over once the sink is there; `flush` and `close` wait for it.
 * When loading fails, the next `record` throws the reason (the client reports it and stops recording) and
 * `flush`/`close` reject with it.
 *
 * @example
 * const sink = lazySink(import('@zen-websocket/recorder/indexeddb').then((m) => m.indexedDbSink('session')));
 */
export function lazySink(load: Promise<RecordSink>): LazySink {
  let sink: RecordSink | undefined;
  let failed: { error: unknown } | undefined;
  let waiting: RecordEntry[] = [];
  const loaded = load.then(
    (real) => {
      sink = real;
      for (const entry of waiting) real.record(entry);
      waiting = [];
      return real;
    },
    (error: unknown) => {
      failed = { error };
      waiting = [];
      throw error;
    },
  );
  return {
    ready: loaded.then(
      () => {},
      () => {},
    ),
    record(entry) {
      if (failed) throw failed.error;
      if (sink) sink.record(entry);
      else waiting.push(entry);
    },
    flush: async () => {
      await (await loaded).flush?.();
    },
    close: async () => {
      await (await loaded).close?.();
    },
  };
}
