import type { RecordEntry, RecordSink } from '@zen-websocket/core';

const REDACTED = '[REDACTED]';

/**
 * Bybit's auth message carries its secrets by position (`{"op":"auth","args":[apiKey, expires, signature]}`),
 * where key-name redaction (`SECRET_KEYS`) cannot see them. This wraps a recording sink so outbound `auth`
 * frames are recorded as `{"op":"auth","args":["[REDACTED]", expires, "[REDACTED]"]}` (the sink's own
 * key-name redaction still applies to everything).
 *
 * @example
 * connect(url, { recordTo: redactAuthArgs(memorySink) });
 */
export function redactAuthArgs(sink: RecordSink): RecordSink {
  const wrapped: RecordSink = {
    record(entry: RecordEntry) {
      if (entry.dir === 'out' && typeof entry.data === 'string' && entry.data.includes('"auth"')) {
        try {
          const m = JSON.parse(entry.data) as { op?: unknown; args?: unknown };
          if (m.op === 'auth' && Array.isArray(m.args)) {
            const args = m.args.map((a, i) => (i === 1 ? a : REDACTED));
            return sink.record({ ...entry, data: JSON.stringify({ ...m, args }) });
          }
        } catch {}
      }
      sink.record(entry);
    },
  };
  if (sink.flush) wrapped.flush = () => sink.flush?.();
  if (sink.close) wrapped.close = () => sink.close?.();
  return wrapped;
}
