/**
 * The connection state machine: one union and one pure transition function. Every transition the client
 * makes goes through {@link transition} and is emitted as `{from, to, reason}`.
 *
 * ```
 *  connecting ──open──▶ connected ──lost──▶ reconnecting ──open──▶ connected
 *      │  ▲                 │                    │
 *   give_up│ reconnect      reconnect ──▶ reconnecting
 *      ▼  │                 │                    │ give_up
 *  disconnected ◀──give_up──┘◀───────────────────┘
 *  (any) ──close──▶ closed   (terminal)
 * ```
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'closed';

/** What can happen to a connection. */
export type ConnectionEvent =
  /** The socket opened. */
  | 'open'
  /** An open connection was lost and will be retried. */
  | 'lost'
  /** No further attempts: fatal error, retries exhausted, or reconnectOnError off. */
  | 'give_up'
  /** `reconnect()` was called. */
  | 'reconnect'
  /** `close()` was called. */
  | 'close';

const TABLE: Record<ConnectionState, Partial<Record<ConnectionEvent, ConnectionState>>> = {
  connecting: { open: 'connected', give_up: 'disconnected', reconnect: 'connecting', close: 'closed' },
  connected: { lost: 'reconnecting', give_up: 'disconnected', reconnect: 'reconnecting', close: 'closed' },
  reconnecting: { open: 'connected', give_up: 'disconnected', reconnect: 'reconnecting', close: 'closed' },
  disconnected: { reconnect: 'connecting', close: 'closed' },
  closed: {},
};

/**
 * The state after `event`, or `undefined` when the event is not allowed in `from` (the caller ignores it).
 *
 * @example
 * transition('connected', 'lost') // 'reconnecting'
 * transition('closed', 'open')    // undefined: closed is final
 */
export function transition(from: ConnectionState, event: ConnectionEvent): ConnectionState | undefined {
  const row = TABLE[from];
  return Object.hasOwn(row, event) ? row[event] : undefined;
}

/** All states, for tests and docs. */
export const CONNECTION_STATES: readonly ConnectionState[] = Object.keys(TABLE) as ConnectionState[];
