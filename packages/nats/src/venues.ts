import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import type { Telemetry } from '@zen-websocket/core';
import { subjectFor } from './subjects.js';
import type { NatsTelemetryEvents } from './telemetry.js';

/**
 * Per-venue knowledge the gateway needs: the venue's own sequence of a channel message, used as JetStream's
 * `Nats-Msg-Id` so the same venue message published twice (two gateways during a handover) is stored once.
 */

/** FNV-1a (32-bit, twice with different seeds) of a string, as 16 hex digits: the fallback message id. */
export function hashOf(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The last element's numeric field `key` of an array of objects (trades), if every element has it. */
function lastOf(data: unknown, key: string): number | undefined {
  if (!Array.isArray(data) || data.length === 0) return undefined;
  const last = data[data.length - 1];
  return isObj(last) && num(last[key]) ? last[key] : undefined;
}

/**
 * The venue's own sequence of one channel message as a short string (`c<change_id>`, `u<u>`, `t<trade id>`…),
 * or `undefined` when it has none (the caller then hashes the payload).
 */
export function venueSequence(venue: string, data: unknown, meta: unknown): string | undefined {
  if (venue === 'deribit') {
    if (isObj(data) && num(data.change_id)) return `c${data.change_id}`;
    const trade = lastOf(data, 'trade_seq');
    return trade === undefined ? undefined : `t${trade}`;
  }
  if (venue === 'binance') {
    if (!isObj(data)) return undefined;
    if (num(data.u)) return `u${data.u}`;
    if (data.e === 'trade' && num(data.t)) return `t${data.t}`;
    if (data.e === 'aggTrade' && num(data.a)) return `a${data.a}`;
    return undefined;
  }
  if (venue === 'bybit') {
    const envelope = isObj(meta) ? meta : undefined;
    if (isObj(data) && num(data.u)) return `${envelope?.type === 'snapshot' ? 's' : 'u'}${data.u}`;
    if (isObj(data) && num(data.seq)) return `q${data.seq}`;
    return undefined;
  }
  return undefined;
}

/** The `Nats-Msg-Id` of a channel message: channel plus venue sequence, else channel plus a payload hash. */
export function messageId(venue: string, channel: string, data: unknown, meta: unknown, body: string): string {
  return `${channel}|${venueSequence(venue, data, meta) ?? `h${hashOf(body)}`}`;
}

/**
 * Publishes one venue message into the venue's stream: subject `zen.<venue>.data.<channel>`, JSON body, the
 * venue-sequence `Nats-Msg-Id`, the venue's message type (Bybit `snapshot`/`delta`) in `Zen-Type` and the
 * publishing gateway in `Zen-Gateway`. A publish that fails (NATS down, JetStream refusing) is reported on
 * telemetry `nats.publish_failed`; consumers see it as a venue-sequence break (books resync).
 */
export function publishMessage(
  js: JetStreamClient,
  venue: string,
  gateway: string,
  channel: string,
  data: unknown,
  meta: unknown,
  telemetry: Telemetry<NatsTelemetryEvents>,
): void {
  let subject: string;
  try {
    subject = subjectFor(venue, channel);
  } catch {
    return;
  }
  const body = JSON.stringify(data);
  const h = headers();
  const type = (meta as { type?: unknown } | undefined)?.type;
  if (typeof type === 'string') h.set('Zen-Type', type);
  h.set('Zen-Gateway', gateway);
  js.publish(subject, body, { msgID: messageId(venue, channel, data, meta, body), headers: h }).catch(
    (error: unknown) => {
      const reason = String((error as Error)?.message ?? error);
      telemetry.emit('nats.publish_failed', { venue, channel, reason });
    },
  );
}
