import type { Attempt } from './attempt.js';
import { protocolError } from './connection.js';
import { idOf } from './encode.js';
import { ProtocolError } from './errors.js';
import type { JsonObject } from './protocol.js';
import { record } from './recording.js';
import type { Session } from './session.js';

// Inbound: the size gate, decoding (JSON text is decoded once), and routing through the dialect's hooks
// (`idOf` for replies, `heartbeatKind` for server heartbeats); everything else is a message.

/** A text frame from the attempt's socket. */
export function onText(s: Session, a: Attempt, data: string): void {
  if (!accept(s, a, 'text', data, data.length)) return;
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return s.events.emit('message', data);
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    return s.events.emit('message', message);
  }
  route(s, message as JsonObject);
}

/** A binary frame from the attempt's socket. */
export function onBinary(s: Session, a: Attempt, data: Uint8Array): void {
  if (accept(s, a, 'binary', data, data.byteLength)) s.events.emit('binary', data);
}

/**
 * What every inbound data frame goes through first: counters (the heartbeat's sign of life), recording,
 * telemetry and the size limit. False when the frame is too large (the connection is then being dropped).
 */
function accept(s: Session, a: Attempt, type: 'text' | 'binary', data: string | Uint8Array, size: number): boolean {
  a.inbound++;
  s.messagesIn++;
  if (s.sink) record(s, 'in', type, data);
  const { telemetry, maxMessageSize } = s.o;
  if (telemetry.wants('message.in')) telemetry.emit('message.in', { url: s.url, type, size });
  if (size <= maxMessageSize) return true;
  const unit = type === 'text' ? 'characters' : 'bytes';
  protocolError(
    s,
    new ProtocolError(
      'frame_too_large',
      `Inbound message of ${size} ${unit} exceeds maxMessageSize (${maxMessageSize})`,
    ),
  );
  return false;
}

/** A decoded object: a reply (the protocol's `idOf`), a server heartbeat (`heartbeatKind`), or a message. */
function route(s: Session, message: JsonObject): void {
  const { protocol } = s.o;
  const id = protocol.idOf ? protocol.idOf(message) : idOf(message);
  if (id !== undefined) {
    if (!s.rpc?.resolve(id, message)) s.events.emit('unmatched_response', message);
    return;
  }
  const kind = protocol.heartbeatKind?.(message);
  if (kind !== undefined) return s.heartbeat.serverHeartbeat(kind);
  s.events.emit('message', message);
}
