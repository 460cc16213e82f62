import { describeValue } from './errors.js';
import type { JsonObject } from './protocol.js';
import type { RequestId } from './rpc.js';
import type { SocketData } from './socket.js';

// What the client does to what callers hand it, before anything is sent: encoding, and checks of call arguments.

/** The default reply id: `id` when it is a string or a number. */
export function idOf(message: JsonObject): RequestId | undefined {
  const id = message.id;
  return typeof id === 'number' || typeof id === 'string' ? id : undefined;
}

/** Whether `data` is binary (an ArrayBuffer or a view of one). */
export function isBinary(data: unknown): data is SocketData {
  return data instanceof ArrayBuffer || ArrayBuffer.isView(data);
}

/** Text to send, plus the JSON object it encodes when there is one (for id correlation). */
export function encode(data: string | object): [string, JsonObject | undefined] {
  if (typeof data === 'string') {
    if (data.charCodeAt(0) !== 123 /* { */) return [data, undefined];
    try {
      const parsed: unknown = JSON.parse(data);
      return [
        data,
        parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as JsonObject) : undefined,
      ];
    } catch {
      return [data, undefined];
    }
  }
  if (data === null || typeof data !== 'object')
    throw new TypeError(
      `sendMessage(data): expected a string, an object or binary data, got ${data === null ? 'null' : typeof data}`,
    );
  let text: string;
  try {
    text = JSON.stringify(data);
  } catch (cause) {
    throw new TypeError(`sendMessage(data): the object cannot be encoded as JSON (${describeValue(cause)})`);
  }
  return [text, Array.isArray(data) ? undefined : (data as JsonObject)];
}

/** A checked, de-duplicated channel list. */
export function channelList(channels: string | readonly string[], fn: string): string[] {
  const list = typeof channels === 'string' ? [channels] : channels;
  if (!Array.isArray(list) || list.length === 0 || list.some((c) => typeof c !== 'string' || c === '')) {
    throw new TypeError(`${fn}(channels): expected a channel name or a non-empty array of non-empty strings`);
  }
  return [...new Set(list as string[])];
}

/** A per-call timeout, checked. */
export function checkTimeout(ms: number | undefined): number | undefined {
  if (ms === undefined) return undefined;
  if (typeof ms !== 'number' || !(ms > 0))
    throw new RangeError(`timeout must be a number of milliseconds > 0, got ${String(ms)}`);
  return ms;
}

/** Drops credentials and query strings (tokens often live there) from URLs before logging. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  if (u.search) u.search = '?…';
  return u.href;
}
