/**
 * What `simulateDisconnect` and `MockConnection.close` do for each reason, and the close-code checks.
 */
import type { DisconnectReason } from '../mock-server/types.js';

/** A close handshake with a code and reason, or a dropped TCP connection. */
export type CloseAction =
  | { readonly kind: 'close'; readonly code: number; readonly reason: string }
  | { readonly kind: 'terminate' };

/**
 * Maps a {@link DisconnectReason} to the action to take. Throws a `RangeError` for a code a server may not send.
 *
 * @example
 * closeActionFor('going_away'); // { kind: 'close', code: 1001, reason: 'Server going away' }
 */
export function closeActionFor(reason: DisconnectReason, closeReason?: string): CloseAction {
  if (reason === 'abnormal') return { kind: 'terminate' };
  if (reason === 'normal') return closeWith(1000, closeReason ?? 'Normal closure');
  if (reason === 'going_away') return closeWith(1001, closeReason ?? 'Server going away');
  if (typeof reason === 'number') return closeWith(reason, closeReason ?? 'Custom close');
  throw new TypeError(
    `simulateDisconnect: reason must be 'normal', 'going_away', 'abnormal' or a close code number, got ${String(reason)}`,
  );
}

/**
 * Builds a close action after checking the code and the reason's length.
 *
 * @example
 * closeWith(4001, 'kicked');
 */
export function closeWith(code: number, reason: string): CloseAction {
  if (!isSendableCloseCode(code)) {
    const hint = code === 1006 ? " (1006 cannot be sent; use 'abnormal' to drop the connection)" : '';
    throw new RangeError(`close code must be 1000–1003, 1007–1014 or 3000–4999, got ${code}${hint}`);
  }
  if (Buffer.byteLength(reason) > 123) {
    throw new RangeError(`close reason must be at most 123 bytes of UTF-8, got ${Buffer.byteLength(reason)}`);
  }
  return { kind: 'close', code, reason };
}

function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999)
  );
}
