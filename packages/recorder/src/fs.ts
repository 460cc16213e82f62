/**
 * `@zen-websocket/recorder/fs`: the file sink and file reader for Node, Deno and Bun (through `node:fs`).
 *
 * Frames are buffered and appended in the background — at least every `flushInterval` ms (1 s) or every
 * `maxBuffered` entries (100), on `flush()`/`close()`, and synchronously when the process exits. Each batch is
 * whole lines, so a process killed mid-recording leaves a file whose lines all parse; at most the last second
 * is lost. Batches are written at precomputed offsets, so the exit-time write of a batch that was already in
 * flight rewrites the same bytes in the same place instead of duplicating or reordering them.
 */
import { closeSync, createReadStream, fstatSync, openSync, write, writeSync } from 'node:fs';
import process from 'node:process';
import { checkKeys } from '@zen-websocket/core/strict';
import {
  type BufferOptions,
  type FormatOptions,
  formatter,
  ownedEntry,
  type RecordEntry,
  type RecordSink,
} from '@zen-websocket/recorder';

/** Options of `fileSink(path, options)`: the format and buffering options, and whether to append. */
export interface FileSinkOptions extends FormatOptions, BufferOptions {
  /** Keep what the file holds and append (default `false`: truncate, like the original). */
  append?: boolean;
}

/** A sink writing JSONL to a file. */
export interface FileSink extends RecordSink {
  readonly path: string;
  /** Resolves once every entry recorded so far is in the file; rejects if a write failed. */
  flush(): Promise<void>;
  /** Flushes and closes the file. Idempotent. */
  close(): Promise<void>;
  /** Entries and bytes written to the file so far (buffered ones not counted). */
  stats(): { entries: number; bytes: number };
  /** The file's lines, after a flush (so `metadata(sink)` and `replay(sink, fn)` work). */
  read(): AsyncIterable<string>;
}

interface Batch {
  bytes: Uint8Array;
  at: number;
  entries: number;
  done: Promise<void>;
  settle: (error?: unknown) => void;
}

/** Sinks with something to write at exit; one `exit` listener serves them all, there only while one is open. */
const atExit = new Set<() => void>();
const onExit = () => {
  for (const flush of atExit) flush();
};

/**
 * Opens (truncates, unless `append`) `path` and returns a sink writing to it. Throws at once if the file
 * cannot be opened (e.g. `ENOENT` when the directory is missing).
 *
 * @example
 * import { fileSink } from '@zen-websocket/recorder/fs';
 * const client = await connect(url, { recordTo: fileSink('session.jsonl') });
 */
export function fileSink(path: string, options: FileSinkOptions = {}): FileSink {
  checkKeys('fileSink', options, ['append', 'flushInterval', 'maxBuffered', 'redact']);
  const { append = false, flushInterval = 1000, maxBuffered = 100 } = options;
  if (!(flushInterval > 0)) throw new RangeError(`flushInterval must be a positive number of ms, got ${flushInterval}`);
  if (!(maxBuffered >= 1)) throw new RangeError(`maxBuffered must be at least 1, got ${maxBuffered}`);
  const format = formatter(options);
  if (append) closeSync(openSync(path, 'a'));
  const fd = openSync(path, append ? 'r+' : 'w');
  const encoder = new TextEncoder();
  const stats = { entries: 0, bytes: 0 };
  const batches: Batch[] = []; // not yet written, oldest first; batches[0] is in flight when `writing`
  let position = append ? fstatSync(fd).size : 0;
  let buffer: RecordEntry[] = [];
  let writing = false;
  let failed: unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closing: Promise<void> | undefined;

  /** Moves the buffer into a batch at the next offset. */
  const cut = (): void => {
    if (buffer.length === 0) return;
    const bytes = encoder.encode(`${buffer.map(format).join('\n')}\n`);
    let settle!: Batch['settle'];
    const done = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    done.catch(() => {}); // a failure is also reported by the next record()
    batches.push({ bytes, at: position, entries: buffer.length, done, settle });
    position += bytes.length;
    buffer = [];
  };

  const pump = (): void => {
    const batch = batches[0];
    if (writing || !batch || failed) return;
    writing = true;
    write(fd, batch.bytes, 0, batch.bytes.length, batch.at, (error) => {
      writing = false;
      if (error) {
        failed = error;
        for (const b of batches.splice(0)) b.settle(error);
        return;
      }
      batches.shift();
      stats.entries += batch.entries;
      stats.bytes += batch.bytes.length;
      batch.settle();
      pump();
    });
  };

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (failed) return Promise.reject(failed);
    cut();
    pump();
    return batches.at(-1)?.done ?? Promise.resolve();
  };

  /** At process exit: everything not yet on disk, synchronously, each batch at its own offset. */
  const flushNow = (): void => {
    if (failed) return;
    cut();
    for (const b of batches.splice(0)) {
      writeSync(fd, b.bytes, 0, b.bytes.length, b.at);
      stats.entries += b.entries;
      stats.bytes += b.bytes.length;
      b.settle();
    }
  };

  if (atExit.size === 0) process.on('exit', onExit);
  atExit.add(flushNow);

  const close = (): Promise<void> => {
    closing ??= flush()
      .finally(() => {
        atExit.delete(flushNow);
        if (atExit.size === 0) process.off('exit', onExit);
        closeSync(fd);
      })
      .then(() => undefined);
    return closing;
  };

  return {
    path,
    record(entry) {
      if (failed) throw failed;
      if (closing) throw new Error(`The file sink for ${path} is closed`);
      buffer.push(ownedEntry(entry));
      if (buffer.length >= maxBuffered) flush().catch(() => {});
      else if (!timer) {
        timer = setTimeout(() => flush().catch(() => {}), flushInterval);
        (timer as { unref?: () => void }).unref?.();
      }
    },
    flush,
    close,
    stats: () => ({ ...stats }),
    async *read() {
      await flush();
      yield* fromFile(path);
    },
  };
}

/**
 * The lines of a recording file, streamed (for `metadata`, `replay`, `startReplayServer`). Iterating rejects
 * with the file system's error (e.g. `ENOENT`) if the file cannot be read.
 *
 * @example
 * const { count } = await metadata(fromFile('session.jsonl'));
 */
export async function* fromFile(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    yield* lines;
  }
  if (rest) yield rest;
}
