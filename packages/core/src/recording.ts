import { describeValue, ZenError } from './errors.js';
import type { RecordEntry } from './options.js';
import type { Session } from './session.js';

// Recording: handing frames to a `recordTo` sink and releasing it. A sink never slows or breaks the socket: its
// failures come back as `record_sink_error` for the client to report.

/** Hands a frame to the session's sink; a sink that throws is reported and dropped. */
export function record(
  s: Session,
  dir: RecordEntry['dir'],
  type: RecordEntry['type'],
  data: string | Uint8Array,
  code?: number,
): void {
  const sink = s.sink;
  if (!sink) return;
  try {
    sink.record(code === undefined ? { ts: Date.now(), dir, type, data } : { ts: Date.now(), dir, type, data, code });
  } catch (cause) {
    s.sink = undefined;
    s.fail(new ZenError('record_sink_error', `Recording failed and was stopped: ${describeValue(cause)}`, { cause }));
  }
}

/** Flushes and releases the session's sink; its failures are reported, never thrown. */
export async function closeSink(s: Session): Promise<void> {
  const sink = s.sink;
  s.sink = undefined;
  try {
    await sink?.flush?.();
    await sink?.close?.();
  } catch (cause) {
    s.fail(new ZenError('record_sink_error', `Recording sink failed to flush: ${describeValue(cause)}`, { cause }));
  }
}
