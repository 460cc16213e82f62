/**
 * Converting between what users pass/see and what `ws` sends/receives.
 */
import type { RawData } from 'ws';
import type { InboundMessage, OutboundMessage } from './types.js';

/**
 * Encodes an outbound message: strings stay text, bytes stay binary, anything else becomes JSON text.
 * Throws a `TypeError` for values JSON cannot encode (e.g. a function).
 *
 * @example
 * toFrame({ a: 1 }); // '{"a":1}'
 */
export function toFrame(message: OutboundMessage): string | Uint8Array {
  if (typeof message === 'string' || message instanceof Uint8Array) return message;
  if (message instanceof ArrayBuffer) return new Uint8Array(message);
  const json: unknown = JSON.stringify(message);
  if (typeof json !== 'string') {
    throw new TypeError(`mock server: cannot send ${typeof message} as JSON; send a string, bytes or an object`);
  }
  return json;
}

/**
 * Decodes a received `ws` message: text as a string, binary as a fresh `Uint8Array` copy.
 *
 * @example
 * ws.on('message', (data, isBinary) => log.push(fromFrame(data, isBinary)));
 */
export function fromFrame(data: RawData, isBinary: boolean): InboundMessage {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return isBinary ? new Uint8Array(bytes) : bytes.toString('utf8');
}

/**
 * A short printable form of a message for error texts.
 *
 * @example
 * preview(new Uint8Array(3)); // '<3 bytes>'
 */
export function preview(message: InboundMessage, max = 80): string {
  if (typeof message !== 'string') return `<${message.length} bytes>`;
  return JSON.stringify(message.length > max ? `${message.slice(0, max)}…` : message);
}
