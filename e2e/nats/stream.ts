// Reads what a gateway stored in JetStream, straight from the server (not through @zen-websocket/nats), so the
// fault suites can compare a consumer's messages with the stream: equal, in order = no gap and no duplicate.
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';

/** One stored market-data message. */
export interface Stored {
  seq: number;
  subject: string;
  data: unknown;
}

/** The stream's first and last sequence now (0/0 while it does not exist yet). */
export async function streamState(nc: NatsConnection, stream: string): Promise<{ first: number; last: number }> {
  const jsm = await jetstreamManager(nc);
  try {
    const info = await jsm.streams.info(stream);
    return { first: info.state.first_seq, last: info.state.last_seq };
  } catch {
    return { first: 0, last: 0 };
  }
}

/** Every message of `stream` on `subject` (up to sequence `upTo`, default the last now), oldest first. */
export async function readStream(
  nc: NatsConnection,
  stream: string,
  subject: string,
  upTo?: number,
): Promise<Stored[]> {
  const jsm = await jetstreamManager(nc);
  const state = await streamState(nc, stream);
  const first = state.first;
  const last = upTo ?? state.last;
  const out: Stored[] = [];
  for (let seq = Math.max(first, 1); seq <= last; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (!m || m.subject !== subject) continue;
    out.push({ seq, subject: m.subject, data: m.json() });
  }
  return out;
}
