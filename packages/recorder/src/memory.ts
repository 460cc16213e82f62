/** The memory sink: formatted, redacted lines kept in memory (any runtime). */
import type { RecordSink } from '@zen-websocket/core';
import { checkKeys } from '@zen-websocket/core/strict';
import { type FormatOptions, formatter } from './format.js';

/** A sink that keeps formatted lines in memory (the newest `maxEntries`, default 100 000). */
export interface MemorySink extends RecordSink {
  /** The lines recorded so far, oldest first. */
  read(): string[];
  /** The recording as JSONL text (each line ends with `\n`). */
  text(): string;
  clear(): void;
}

/**
 * Records into memory, redacted and formatted exactly as a file would be. Read it back with `read()`,
 * `text()`, `metadata(sink)` or `replay(sink, fn)`.
 *
 * @example
 * const sink = memorySink();
 * const client = await connect(url, { recordTo: sink });
 */
export function memorySink(options: FormatOptions & { maxEntries?: number } = {}): MemorySink {
  checkKeys('memorySink', options, ['redact', 'maxEntries']);
  const format = formatter(options);
  const max = options.maxEntries ?? 100_000;
  if (!(max >= 1)) throw new RangeError(`maxEntries must be at least 1, got ${max}`);
  let lines: string[] = [];
  const read = () => lines.slice(-max);
  return {
    record(entry) {
      lines.push(format(entry));
      if (lines.length >= 2 * max) lines = read();
    },
    read,
    text: () =>
      read()
        .map((line) => `${line}\n`)
        .join(''),
    clear() {
      lines = [];
    },
  };
}
