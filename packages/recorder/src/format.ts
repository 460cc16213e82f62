/**
 * The line format: one JSON object per line, `{ts, dir, type, data}` plus `binary: true` for base64 binary
 * data; a close's data is the JSON string `{"code":N,"reason":"…"}` — as the Elixir ZenWebsocket recorder
 * writes it. Redaction happens here, before a line exists.
 */
import type { RecordEntry } from '@zen-websocket/core';
import { bytesRedactor, redactor } from './redact.js';

/** How a sink formats frames. */
export interface FormatOptions {
  /** More keys to redact, added to `SECRET_KEYS`; or `false` to write secrets as they are. */
  redact?: readonly string[] | false;
}

/**
 * Makes the line formatter a sink uses: `{ts, dir, type, data}` as one line of JSON (no newline); `ts` is
 * ISO-8601 UTC, binary data is base64 with `binary: true`, a close is the JSON string `{"code":N,"reason":"…"}`.
 * Text data, JSON carried in binary frames, and close reasons are redacted first (unless `redact: false`).
 *
 * @example
 * formatter()({ ts: 0, dir: 'in', type: 'text', data: 'hi' });
 * // '{"ts":"1970-01-01T00:00:00.000Z","dir":"in","type":"text","data":"hi"}'
 */
export function formatter(options: FormatOptions = {}): (entry: RecordEntry) => string {
  const redact = redactor(options.redact);
  const redactBytes = bytesRedactor(options.redact);
  return ({ ts, dir, type, data, code }) => {
    const line: Record<string, unknown> = { ts: new Date(ts).toISOString(), dir, type };
    if (type === 'close') line.data = JSON.stringify({ code: code ?? 1005, reason: redact(String(data)) });
    else if (typeof data === 'string') line.data = redact(data);
    else {
      data = redactBytes(data);
      let s = '';
      for (let i = 0; i < data.length; i += 8192) s += String.fromCharCode(...data.subarray(i, i + 8192));
      line.data = btoa(s);
      line.binary = true;
    }
    return JSON.stringify(line);
  };
}

/**
 * One recording line back to an entry (`ts` in ms, binary data as bytes, a close as its reason and `code`).
 * Throws a `SyntaxError` for a line that is not a valid entry.
 *
 * @example
 * parseEntry('{"ts":"2026-01-20T15:30:45.123456Z","dir":"in","type":"text","data":"hi"}').ts; // 1768923045123
 */
export function parseEntry(line: string): RecordEntry {
  const o = JSON.parse(line) as Record<string, unknown> | null;
  const ts = Date.parse(o?.ts as string);
  const { dir, type, data } = o ?? {};
  if (typeof o?.ts !== 'string' || Number.isNaN(ts)) throw new SyntaxError('Bad recording line: ts');
  if (dir !== 'in' && dir !== 'out') throw new SyntaxError('Bad recording line: dir');
  if ((type !== 'text' && type !== 'binary' && type !== 'close') || typeof data !== 'string')
    throw new SyntaxError('Bad recording line: type or data');
  const entry: RecordEntry = { ts, dir, type, data };
  try {
    if (type === 'binary') entry.data = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    if (type === 'close') {
      const { code, reason } = JSON.parse(data);
      if (typeof code === 'number') entry.code = code;
      entry.data = String(reason ?? '');
    }
  } catch {
    // like the original: data that does not decode stays as written
  }
  return entry;
}

/** Buffering of the sinks that write in the background (file, IndexedDB). */
export interface BufferOptions {
  /** Longest time an entry waits in the buffer, ms (default 1000). */
  flushInterval?: number;
  /** Entries buffered before a write starts (default 100). */
  maxBuffered?: number;
}

/** An entry safe to keep until a later write: binary data is copied, since the socket may reuse its buffer. */
export function ownedEntry(entry: RecordEntry): RecordEntry {
  return typeof entry.data === 'string' ? entry : { ...entry, data: entry.data.slice() };
}
