/**
 * How the replay server recognises the request a recording says the client sent, and maps the recorded
 * request ids to the live client's so recorded responses still correlate.
 */
import type { RecordEntry } from '@zen-websocket/recorder';
import type { InboundMessage } from '../mock-server/types.js';

/** Decides whether a message the client sent is the recorded outbound frame the player is waiting for. */
export type ReplayMatcher = (recorded: RecordEntry, received: InboundMessage) => boolean;

type Json = Record<string, unknown>;

/** The JSON object a text encodes, or undefined. */
export function jsonObject(text: string): Json | undefined {
  if (text.charCodeAt(0) !== 123 /* { */) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The default matcher: the same text; or, for JSON, the same `method` (ids, nonces, timestamps and signatures
 * differ from run to run); binary frames must be byte-equal.
 *
 * @example
 * sameRequest({ ts: 0, dir: 'out', type: 'text', data: '{"id":7,"method":"public/auth"}' }, '{"id":1,"method":"public/auth"}'); // true
 */
export const sameRequest: ReplayMatcher = (recorded, received) => {
  const { data } = recorded;
  if (typeof data !== 'string' || typeof received !== 'string') {
    return typeof data !== 'string' && typeof received !== 'string' && data.join() === received.join();
  }
  if (data === received) return true;
  const method = jsonObject(data)?.method;
  return method !== undefined && method === jsonObject(received)?.method;
};

/** Recorded request id → the live client's id for the same request (JSON-encoded, so 1 and "1" differ). */
export type IdMap = Map<string, unknown>;

/**
 * Remembers that the recorded request `recorded` was sent live as `received`, when both carry an `id`.
 *
 * @example
 * learnId(ids, '{"id":7,"method":"a"}', '{"id":1,"method":"a"}'); // ids: '7' → 1
 */
export function learnId(ids: IdMap, recorded: RecordEntry['data'], received: InboundMessage): void {
  if (typeof recorded !== 'string' || typeof received !== 'string') return;
  const before = jsonObject(recorded);
  const now = jsonObject(received);
  if (before && now && 'id' in before && 'id' in now && JSON.stringify(before.id) !== JSON.stringify(now.id)) {
    ids.set(JSON.stringify(before.id), now.id);
  }
}

/**
 * A recorded response with its `id` changed to the live request's id (text unchanged when not mapped).
 *
 * @example
 * withLiveId(new Map([['7', 1]]), '{"id":7,"result":true}'); // '{"id":1,"result":true}'
 */
export function withLiveId(ids: IdMap, text: string): string {
  if (ids.size === 0 || !text.includes('"id"')) return text;
  const message = jsonObject(text);
  const key = message && 'id' in message ? JSON.stringify(message.id) : undefined;
  if (!message || key === undefined || !ids.has(key)) return text;
  return JSON.stringify({ ...message, id: ids.get(key) });
}
