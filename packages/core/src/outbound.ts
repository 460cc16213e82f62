import { encode, isBinary } from './encode.js';
import { describeValue, NotConnectedError, RequestError, ZenError } from './errors.js';
import { PING_FRAMES } from './node-socket.js';
import type { JsonObject } from './protocol.js';
import { record } from './recording.js';
import type { PendingEntry, RequestId } from './rpc.js';
import type { Session } from './session.js';
import type { SocketData } from './socket.js';
import { trackOutbound } from './sync.js';
import { toBytes } from './transport.js';

// Outbound: encode, the limiter gate, the write, and ping frames. A message is written only on the connection it
// was sent on, only while that socket is open, and never after its caller was told it failed.

/** Throws unless the client is connected (nothing is sent). */
export function assertConnected(s: Session): void {
  if (s.state === 'closed')
    throw new RequestError('closed', 'The client is closed; nothing was sent. Create a new one with connect()', {
      sent: false,
    });
  if (s.state !== 'connected' || !s.attempt) throw new NotConnectedError(s.state);
}

/** `sendMessage()`: a request (an object with an id) resolves with its reply; anything else once written. */
export async function sendMessage(s: Session, data: string | object | SocketData): Promise<JsonObject | undefined> {
  assertConnected(s);
  if (isBinary(data)) {
    await send(s, data, data);
    return undefined;
  }
  const [text, message] = encode(data);
  const id = message?.id;
  if (typeof id !== 'number' && typeof id !== 'string') {
    await send(s, text, message ?? text);
    if (message) trackOutbound(s, message, undefined);
    return undefined;
  }
  if (s.rpc?.has(id)) {
    throw new RequestError('duplicate_request_id', `Request id ${String(id)} is already in flight; nothing was sent`, {
      sent: false,
      id,
    });
  }
  const reply = await sendTracked(s, id, message, text, s.o.requestTimeout);
  trackOutbound(s, message as JsonObject, reply);
  return reply;
}

/**
 * Tracks request `id`, then sends `text` (the encoding of `message`, which the limiter prices). With `method`
 * (`request()`), the promise settles with the protocol's verdict on the reply instead of the reply itself.
 */
export function sendTracked(
  s: Session,
  id: RequestId,
  message: unknown,
  text: string,
  timeout: number,
  signal?: AbortSignal,
  method?: string,
): Promise<JsonObject> {
  const pending = s.pending;
  const entry = pending.track(id, timeout, signal, method);
  try {
    send(s, text, message, entry)?.catch((cause: unknown) => unsent(s, entry, cause));
  } catch (cause) {
    unsent(s, entry, cause);
  }
  return entry.reply as Promise<JsonObject>;
}

function unsent(s: Session, entry: PendingEntry, cause: unknown): void {
  const code = cause instanceof ZenError && cause.code !== 'not_connected' ? cause.code : 'not_connected';
  const { id } = entry;
  s.pending.forget(
    entry,
    new RequestError(code, `Request ${String(id)} could not be sent`, { sent: false, id, cause }),
  );
}

/**
 * Writes `data` once the limiter (if any) lets `message` through: synchronously when it may go now (the
 * common case, no promise), otherwise when the limiter releases it — and only if the attempt it was meant for
 * is still live (and `entry`, a request, is still waiting).
 */
export function send(s: Session, data: SocketData, message: unknown, entry?: PendingEntry): Promise<void> | undefined {
  const owner = s.attempt;
  if (!owner) throw new NotConnectedError(s.state);
  const wait = s.o.limiter?.take(message, owner);
  if (!wait) {
    if (entry) entry.sent = true;
    write(s, data);
    return undefined;
  }
  return wait.then(
    () => {
      if (owner.state === 'dropped' || (entry && !s.pending.written(entry))) throw withdrawn(s);
      write(s, data);
    },
    (cause: unknown) => {
      throw owner.state === 'dropped' ? withdrawn(s, cause) : cause;
    },
  );
}

/** Hands `data` to the open socket of the current attempt, or throws `not_connected` (nothing written). */
function write(s: Session, data: SocketData): void {
  const a = s.attempt;
  if (a?.state !== 'open') throw new NotConnectedError(s.state);
  if (a.socket.readyState !== 1) {
    // the close handshake started without an event (a W3C socket): the connection is over; nothing is sent
    a.closing(1006, '');
    throw new NotConnectedError('closing', 'The socket is closing; nothing was sent');
  }
  a.socket.send(data);
  s.messagesOut++;
  const text = typeof data === 'string';
  if (s.sink) record(s, 'out', text ? 'text' : 'binary', text ? data : toBytes(data));
  const { telemetry } = s.o;
  if (telemetry.wants('message.out'))
    telemetry.emit('message.out', {
      url: s.url,
      type: text ? 'text' : 'binary',
      size: text ? data.length : data.byteLength,
    });
}

function withdrawn(s: Session, cause?: unknown): RequestError {
  const closed = s.state === 'closed';
  return new RequestError(
    closed ? 'closed' : 'disconnected',
    `The ${closed ? 'client was closed' : 'connection ended'} while the message waited in the rate limiter; it was not sent`,
    cause === undefined ? { sent: false } : { sent: false, cause },
  );
}

/** A send nobody awaits (heartbeat probes): failures on a still-live attempt are reported on `error`. */
export function gated(s: Session, data: SocketData, message: unknown): void {
  const owner = s.attempt;
  const report = (cause: unknown) => {
    if (owner?.state !== 'dropped') s.fail(limiterRejected(cause)); // else withdrawn with its connection
  };
  try {
    send(s, data, message)?.catch(report);
  } catch (cause) {
    report(cause);
  }
}

/**
 * Sends a ping frame through the limiter (the `ping_pong` heartbeat); false when the socket has no ping frames.
 * Only `ws` and Bun sockets have them: page builds (`PING_FRAMES` false) leave the rest of it out.
 */
export function pingFrame(s: Session, payload: string): boolean {
  const a = s.attempt;
  const socket = a?.socket;
  if (!PING_FRAMES || !a || !socket || typeof socket.ping !== 'function') return false;
  const go = () => {
    if (a.state !== 'dropped' && socket.readyState === 1) socket.ping?.(payload);
  };
  try {
    const wait = s.o.limiter?.take({ ping: payload }, a);
    if (wait)
      wait.then(go, (cause: unknown) => {
        if (a.state !== 'dropped') s.fail(limiterRejected(cause));
      });
    else go();
    return true;
  } catch {
    return false;
  }
}

/** A limiter refusal of traffic the client sends on its own (probes, pings). */
function limiterRejected(cause: unknown): ZenError {
  return new ZenError('limiter_rejected', `The rate limiter refused a heartbeat probe: ${describeValue(cause)}`, {
    cause,
  });
}
