/**
 * Reading recordings back: `metadata` and `replay` over any source (JSONL text, a Blob, lines, a readable
 * sink), skipping and counting corrupt lines, paced by the recorded timestamps.
 */
import type { RecordEntry } from '@zen-websocket/core';
import { parseEntry } from './format.js';

/**
 * What `metadata` and `replay` read: JSONL text, a `Blob` (e.g. an export), lines (sync or async), or a sink
 * that can be read back (memory, file, IndexedDB). For a file use `fromFile(path)` from `./fs`.
 */
export type Source =
  | string
  | Blob
  | Iterable<string>
  | AsyncIterable<string>
  | { read(): Iterable<string> | AsyncIterable<string> | Promise<Iterable<string>> };

/** Calls `fn` for each valid entry of `source`, in order; returns how many lines were corrupt (blank ones don't count). */
async function each(source: Source, fn: (entry: RecordEntry) => unknown): Promise<number> {
  let skipped = 0;
  let lines: Iterable<string> | AsyncIterable<string>;
  if (typeof source === 'string') {
    if (/^\s*[^\s{]/.test(source))
      throw new TypeError('A recording source string must be JSONL text; for a file use fromFile(path) from ./fs');
    lines = source.split('\n');
  } else if ('read' in source) lines = await source.read();
  else if (Symbol.iterator in source || Symbol.asyncIterator in source) lines = source;
  else lines = (await source.text()).split('\n');
  for await (const chunk of lines) {
    for (const line of chunk.split('\n')) {
      if (!line.trim()) continue;
      let entry: RecordEntry;
      try {
        entry = parseEntry(line);
      } catch {
        skipped++;
        continue;
      }
      await fn(entry);
    }
  }
  return skipped;
}

/** What {@link metadata} reports. Timestamps are ms since the epoch, `undefined` for an empty recording. */
export interface Metadata {
  count: number;
  inbound: number;
  outbound: number;
  firstTs: number | undefined;
  lastTs: number | undefined;
  durationMs: number;
  /** Corrupt lines left out. */
  skipped: number;
}

/**
 * Counts a recording's valid entries: in and out, first and last timestamp (file order), duration.
 *
 * @example
 * const { count, durationMs } = await metadata(sink);
 */
export async function metadata(source: Source): Promise<Metadata> {
  const m: Metadata = {
    count: 0,
    inbound: 0,
    outbound: 0,
    firstTs: undefined,
    lastTs: undefined,
    durationMs: 0,
    skipped: 0,
  };
  m.skipped = await each(source, ({ dir, ts }) => {
    m.count++;
    dir === 'in' ? m.inbound++ : m.outbound++;
    m.firstTs ??= ts;
    m.lastTs = ts;
  });
  m.durationMs = (m.lastTs ?? 0) - (m.firstTs ?? 0);
  return m;
}

/** `'asap'` (no waiting), `'realtime'` (the recorded gaps), or a speed factor (`2` = twice as fast). */
export type Pace = 'asap' | 'realtime' | number;

/**
 * Turns a pace into a speed factor (0 = no waiting); throws a `RangeError` for anything else.
 *
 * @example
 * speedOf('realtime'); // 1
 */
export function speedOf(pace: Pace = 'asap'): number {
  if (pace === 'asap') return 0;
  if (pace === 'realtime') return 1;
  if (typeof pace === 'number' && pace > 0 && pace < Number.POSITIVE_INFINITY) return pace;
  throw new RangeError(`pace must be 'asap', 'realtime' or a positive speed factor, got ${String(pace)}`);
}

/** Options of {@link replay}, e.g. `{ pace: 'realtime', signal }`. */
export interface ReplayOptions {
  /** Default `'asap'`. */
  pace?: Pace;
  /** Stops the replay; `replay` then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Calls `fn` with each valid entry in recorded order, at the chosen pace (waits are measured from the first
 * entry, so they do not drift; an async `fn` is awaited). Corrupt lines are skipped and counted.
 *
 * @example
 * const { replayed, skipped } = await replay(sink, (e) => console.log(e.dir, e.data), { pace: 'realtime' });
 */
export async function replay(
  source: Source,
  fn: (entry: RecordEntry) => unknown,
  { pace, signal }: ReplayOptions = {},
): Promise<{ replayed: number; skipped: number }> {
  const speed = speedOf(pace);
  let replayed = 0;
  let start: [number, number] | undefined;
  const skipped = await each(source, async (entry) => {
    signal?.throwIfAborted();
    if (speed) {
      start ??= [performance.now(), entry.ts];
      await sleep(start[0] + (entry.ts - start[1]) / speed - performance.now(), signal);
    }
    await fn(entry);
    replayed++;
  });
  return { replayed, skipped };
}

/** Resolves after `ms` (now if ≤ 0); rejects with the signal's reason when it aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      signal?.aborted ? reject(signal.reason) : resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}
