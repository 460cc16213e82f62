import { describeValue, ZenError } from './errors.js';
import type { ConnectionState } from './state.js';

/** A state change, as emitted on `state`. */
export interface StateChange {
  from: ConnectionState;
  to: ConnectionState;
  /** Why: `open`, `close() called`, the error message of a drop… */
  reason: string;
  /** The error behind a drop or a give-up, when there is one. */
  error?: ZenError;
}

/** Emitted on `reconnect` before each scheduled attempt. */
export interface ReconnectInfo {
  /** 1 for the first retry after a failure. */
  attempt: number;
  /** Milliseconds until the attempt starts (0 = immediate). */
  delay: number;
  /** The failure that caused it. */
  error: ZenError;
}

/** Emitted on `heartbeat` whenever the heartbeat layer sees or does something. */
export interface HeartbeatEvent {
  /** The configured heartbeat type. */
  type: string;
  /** `pong` (ping frame answered), `test_request` (server probe answered), `server` (server heartbeat seen), `probe` (we sent one). */
  kind: 'pong' | 'test_request' | 'server' | 'probe';
  /** Round-trip time of a ping frame, in ms (for `pong`). */
  rttMs?: number;
}

/** Every event a client emits, with its payload type. */
export type ClientEvents = {
  /** A text message that was not a reply to a pending request: decoded JSON, or the raw text if it is not JSON. */
  message: unknown;
  /** A binary message. */
  binary: Uint8Array;
  /** A JSON object with an `id` that matched no pending request (late reply, or a server→client request). */
  unmatched_response: Record<string, unknown>;
  /** A frame the client could not accept; the connection is dropped after it. */
  protocol_error: ZenError;
  state: StateChange;
  /** A connection is usable: `prepare` (if any) succeeded and subscriptions are being restored. */
  ready: { connections: number };
  reconnect: ReconnectInfo;
  /** Errors no promise carries: give-ups, refused or unanswered restores, throwing handlers and hooks. (Drops that will be retried arrive on `state` and `reconnect`.) */
  error: ZenError;
  heartbeat: HeartbeatEvent;
};

/** A function that removes the handler it was returned for. */
export type Unsubscribe = () => void;

/**
 * A typed event bus where user handlers are isolated: a handler that throws never disturbs the client or the
 * other handlers; the failure is reported on `error` (a throwing `error` handler is dropped silently, to avoid a
 * loop). Its own table of handler lists, not mitt: only mitt's `on`/`off` and its map were used (its `emit`
 * copies the list per call), and dropping it took 84 B gzip off the script tag (docs/architecture.md, Size).
 */
export class EventHub<Events extends Record<string | symbol, unknown>> {
  // made on the first `on()`: a client nobody listens to carries no table (bench/README.md: idle memory)
  #all: Map<keyof Events, Array<(payload: never) => void>> | undefined;

  /** Adds `handler` for `type`; returns its own unsubscribe function. */
  on<K extends keyof Events>(type: K, handler: (payload: Events[K]) => void): Unsubscribe {
    const guarded = (payload: Events[K]) => {
      try {
        handler(payload);
      } catch (cause) {
        if (type !== 'error') this.emit('error', handlerError(type, cause) as Events[keyof Events]);
      }
    };
    if (!this.#all) this.#all = new Map();
    const list = this.#all.get(type);
    if (list) list.push(guarded);
    else this.#all.set(type, [guarded]);
    return () => {
      const handlers = this.#all?.get(type);
      const at = handlers ? handlers.indexOf(guarded) : -1;
      if (at >= 0) handlers?.splice(at, 1);
    };
  }

  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    // runs once per inbound message: one handler is called directly; several through a copy of the list (a
    // handler may unsubscribe itself or another while they run)
    const handlers = this.#all?.get(type) as Array<(p: Events[K]) => void> | undefined;
    if (handlers?.length === 1) (handlers[0] as (p: Events[K]) => void)(payload);
    else if (handlers) for (const handler of handlers.slice()) handler(payload);
  }

  /** Whether anyone listens to `type` (lets hot paths skip building payloads). */
  has(type: keyof Events): boolean {
    return (this.#all?.get(type)?.length ?? 0) > 0;
  }

  /** Removes every handler. */
  clear(): void {
    this.#all?.clear();
  }
}

function handlerError(type: string | number | symbol, cause: unknown): ZenError {
  return new ZenError('handler_error', `A "${String(type)}" handler threw: ${describeValue(cause)}`, { cause });
}
