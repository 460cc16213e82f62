import { describeValue, ZenError } from './errors.js';
import type { RecordEntry, RecordSink } from './options.js';
import type { Session } from './session.js';

// Recording: handing frames to a `recordTo` sink and releasing it. A sink never slows or breaks the socket: its
// failures come back as `record_sink_error` for the client to report.

/** Hands one frame to `sink`; returns the error to report (then stop recording) when the sink throws. */
export function recordFrame(
  sink: RecordSink,
  dir: RecordEntry['dir'],
  type: RecordEntry['type'],
  data: string | Uint8Array,
  code?: number,
): ZenError | undefined {
  try {
    sink.record(code === undefined ? { ts: Date.now(), dir, type, data } : { ts: Date.now(), dir, type, data, code });
    return undefined;
  } catch (cause) {
    return new ZenError('record_sink_error', `Recording failed and was stopped: ${describeValue(cause)}`, { cause });
  }
}

/** Flushes and closes `sink`; resolves with the error to report when either fails, never rejects. */
export async function releaseSink(sink: RecordSink): Promise<ZenError | undefined> {
  try {
    await sink.flush?.();
    await sink.close?.();
    return undefined;
  } catch (cause) {
    return new ZenError('record_sink_error', `Recording sink failed to flush: ${describeValue(cause)}`, { cause });
  }
}

/** Hands a frame to the session's sink; a sink that throws is reported and dropped. */
export function record(
  s: Session,
  dir: RecordEntry['dir'],
  type: RecordEntry['type'],
  data: string | Uint8Array,
  code?: number,
): void {
  const sink = s.sink;
  const failure = sink && recordFrame(sink, dir, type, data, code);
  if (!failure) return;
  s.sink = undefined;
  s.fail(failure);
}

/** Flushes and releases the session's sink; its failures are reported, never thrown. */
export async function closeSink(s: Session): Promise<void> {
  const sink = s.sink;
  s.sink = undefined;
  const failure = sink && (await releaseSink(sink));
  if (failure) s.fail(failure);
}
