/**
 * The hand-out order of `waitForConnection`: each call gets the oldest open connection no earlier call has
 * returned; when there is none, the next connection accepted. Connections that close before they are handed out
 * are skipped, so the queue never holds more than the open connections.
 */

import { type PendingWaits, type WaitOutcome, waitUntil } from '../kit/wait.js';
import type { MockConnection } from './types.js';

/** See the file comment. */
export interface ConnectionQueue {
  /** A connection was accepted. */
  offer(connection: MockConnection): void;
  /** A connection closed. */
  remove(connection: MockConnection): void;
  /** The next connection to hand out, now or when one arrives. */
  take(timeoutMs: number, pending: PendingWaits, stopped: boolean): Promise<WaitOutcome<MockConnection>>;
}

/**
 * Creates an empty {@link ConnectionQueue}.
 *
 * @example
 * const queue = createConnectionQueue();
 * queue.offer(conn);
 * await queue.take(1000, pending, false); // { found: conn }
 */
export function createConnectionQueue(): ConnectionQueue {
  const unclaimed = new Set<MockConnection>();
  const waiters: Array<(connection: MockConnection) => void> = [];
  return {
    offer(connection) {
      const waiter = waiters.shift();
      if (waiter) waiter(connection);
      else unclaimed.add(connection);
    },
    remove(connection) {
      unclaimed.delete(connection);
    },
    take(timeoutMs, pending, stopped) {
      const [first] = unclaimed;
      if (first) {
        unclaimed.delete(first);
        return Promise.resolve({ found: first });
      }
      if (stopped) return Promise.resolve({ missed: 'stopped' });
      return waitUntil<MockConnection>(
        (found) => {
          waiters.push(found);
          return () => {
            const index = waiters.indexOf(found);
            if (index !== -1) waiters.splice(index, 1);
          };
        },
        timeoutMs,
        pending,
      );
    },
  };
}
