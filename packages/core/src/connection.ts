import { Attempt, type Release } from './attempt.js';
import { redactUrl } from './encode.js';
import {
  AbortError,
  ConnectionError,
  describeValue,
  type ProtocolError,
  RequestError,
  RetriesExhaustedError,
  ZenError,
} from './errors.js';
import { checkUrl, type LifecycleSignal } from './options.js';
import { closeSink, record } from './recording.js';
import { planRetry } from './retry.js';
import type { Session } from './session.js';
import { assertSocketLike, type SocketLike } from './socket.js';
import { restore } from './sync.js';
import { attach, canPing } from './transport.js';

// The connection lifecycle: attempts, open, loss, retry or give-up, teardown and close. Every transition of the
// state machine happens here (or in `reconnect()`), through `Session.to`.

const NORMAL: Release = { code: 1000, reason: '' };

/** Starts a connection attempt (asking the URL function for its URL first, when there is one). */
export function openAttempt(s: Session): void {
  const { clock, socketFactory, headers, subprotocols, maxMessageSize, urlSource } = s.o;
  // whole ms: a small integer in the attempt, not a boxed double (bench/live-objects.mjs)
  const startedAt = Math.floor(clock.now());
  let socket: SocketLike;
  try {
    if (urlSource) s.url = checkUrl(urlSource());
    if (s.o.log) s.log(`connecting to ${redactUrl(s.url)} (attempt ${s.failures + 1})`);
    socket = socketFactory(s.url, { headers, protocols: subprotocols, maxMessageSize });
    assertSocketLike(socket);
  } catch (cause) {
    const error = new ConnectionError('connection_failed', `socketFactory threw: ${describeValue(cause)}`, { cause });
    return giveUp(s, error);
  }
  const a = new Attempt(s, socket, startedAt);
  s.attempt = a;
  a.arm();
  attach(socket, a);
}

/** The attempt's socket opened: the client is connected (ready once `prepare`, if any, succeeds). */
export function opened(a: Attempt): void {
  const { s } = a;
  const { clock, telemetry, prepare } = s.o;
  a.state = 'open';
  s.connections++;
  const now = clock.now();
  a.openedAt = Math.floor(now); // whole ms, as startedAt
  a.disarm(); // the connect deadline; the healthy-uptime mark is read when it matters (see healthy())
  s.to('open', s.connections === 1 ? 'connected' : 'reconnected');
  s.heartbeat.start(s.o.socketFactory.capabilities?.ping ?? canPing(a.socket), now);
  const connectTimeMs = now - a.startedAt;
  if (telemetry.wants('connection.upgrade')) telemetry.emit('connection.upgrade', { connectTimeMs, url: s.url });
  if (s.o.log) s.log(`connected in ${Math.round(connectTimeMs)} ms`);
  if (prepare) void runPrepare(a, prepare);
  else ready(s);
}

/**
 * Runs the `prepare` step (e.g. authentication) on a fresh connection before anything is restored. A failure
 * ends the connection like any other error, and `classify` decides whether to retry.
 */
async function runPrepare(a: Attempt, prepare: NonNullable<Session['o']['prepare']>): Promise<void> {
  const { s } = a;
  try {
    await prepare(s.client);
  } catch (cause) {
    if (a.state === 'dropped') return; // the connection is already gone
    const error =
      cause instanceof ZenError
        ? cause
        : new ConnectionError('connection_failed', `prepare() failed: ${describeValue(cause)}`, { cause });
    s.log(`prepare failed: ${error.code}: ${error.message}`);
    return lost(s, error, { code: 4000, reason: 'prepare failed' });
  }
  if (a.state === 'open') ready(s);
}

/** The connection is usable: restore subscriptions, settle `connect()`/`reconnect()`, tell the user. */
function ready(s: Session): void {
  restore(s);
  for (const w of s.takeWaiters()) w.resolve();
  if (s.o.onConnect) s.hook(() => s.o.onConnect?.(s.client));
  if (s.events.has('ready')) s.events.emit('ready', { connections: s.connections });
}

/** The current attempt's socket ended (closed, or closing at the peer's request) with `code`: why, and what next. */
export function ended(a: Attempt, code: number, reason: string): void {
  const { s } = a;
  if (s.sink) record(s, 'in', 'close', reason, code);
  if (s.o.log) s.log(`socket closed: ${code}${reason ? ` ${reason}` : ''}`);
  const error =
    a.lastError ??
    (a.state === 'open' || code !== 1006
      ? new ConnectionError('connection_closed', `Connection closed with code ${code}${reason ? `: ${reason}` : ''}`, {
          closeCode: code,
          closeReason: reason,
        })
      : new ConnectionError('connection_failed', 'Connection failed before the upgrade completed', {
          closeCode: code,
        }));
  lost(s, error, 'keep');
}

/** The server sent something unacceptable: report it, drop the connection, and let classify decide (fatal by default). */
export function protocolError(s: Session, error: ProtocolError): void {
  s.events.emit('protocol_error', error);
  lost(s, error, { code: 1009, reason: 'message too big' });
}

/** The heartbeat found the connection silent past its deadline. */
export function dead(s: Session, silentMs: number): void {
  if (!s.attempt || s.state !== 'connected') return;
  const error = new ConnectionError('heartbeat_timeout', `No traffic for ${silentMs} ms; connection presumed dead`);
  s.log(error.message);
  lost(s, error, { code: 4000, reason: 'heartbeat timeout' });
}

/**
 * Resets the retry counter once the open connection has been up for `healthyUptime`. Read when the counter
 * matters (a loss, a teardown, the metrics) instead of a timer armed on every open: one `setTimeout` +
 * `clearTimeout` less per connection, and no timer per idle client (bench/README.md: setup).
 */
export function healthy(s: Session): void {
  const a = s.attempt;
  if (a?.state === 'open' && s.o.clock.now() - a.openedAt >= s.o.healthyUptime) s.failures = 0;
}

/** A connection or attempt ended with `error`: settle what depended on it and decide what comes next. */
export function lost(s: Session, error: ZenError, release: Release = NORMAL): void {
  healthy(s);
  const wasOpen = s.attempt?.state === 'open';
  const decision = s.decide(error);
  const plan = planRetry({ decision, wasOpen, failures: s.failures }, s.o, s.o.random);
  teardown(s, error, plan.retry ? 'reconnecting' : 'disconnected', release);
  if (!plan.retry) return giveUp(s, plan.exhausted ? new RetriesExhaustedError(s.failures, error) : error);
  s.failures = plan.attempt;
  const { delay } = plan;
  if (wasOpen) s.to('lost', error.message, error);
  s.log(`retry ${s.failures}/${s.o.retryCount} in ${delay} ms after ${error.code}`);
  s.events.emit('reconnect', { attempt: s.failures, delay, error });
  s.clearRetry();
  s.retryTimer = s.o.clock.setTimeout(() => {
    s.retryTimer = undefined;
    openAttempt(s);
  }, delay);
}

/**
 * Ends the current attempt (if any): drops it (its timers, its limiter queue, its socket unless `release` is
 * `keep`), stops the heartbeat, fails its pending requests (sent: outcome unknown; still in the limiter: not
 * sent), marks subscriptions for restore and calls `onDisconnect`. `error` may be a function, called only if
 * the error is needed (`close()` builds none when nothing waits).
 */
export function teardown(
  s: Session,
  error: ZenError | (() => ZenError),
  next: 'reconnecting' | 'disconnected' | 'closed',
  release: Release = NORMAL,
): void {
  const a = s.attempt;
  const wasOpen = a?.state === 'open';
  if (wasOpen) healthy(s);
  s.attempt = undefined;
  a?.drop(next === 'closed' ? 'keep' : release);
  s.heartbeat.stop();
  const why = () => (typeof error === 'function' ? error() : error);
  const failure = next === 'closed' ? 'closed' : 'disconnected';
  s.rpc?.failAll(
    (id, sent) =>
      new RequestError(
        failure,
        sent
          ? `Connection lost before the reply to request ${String(id)}; outcome unknown`
          : `Connection lost while request ${String(id)} waited in the rate limiter; it was not sent`,
        { sent, id, cause: why() },
      ),
    failure,
  );
  const subs = s.channels;
  subs?.markAllPending();
  if (subs && !s.o.restoreSubscriptions && next !== 'closed') {
    subs.rejectAll(
      new RequestError('disconnected', 'Connection lost before the subscription was confirmed', {
        sent: true,
        cause: why(),
      }),
    );
    subs.clear();
  }
  const { onDisconnect } = s.o;
  if (wasOpen && onDisconnect)
    s.hook(() => onDisconnect(s.client, next === 'closed' ? { next } : { error: why(), next }));
}

/** No further attempts: fatal error, retries exhausted, or reconnectOnError off. */
export function giveUp(s: Session, error: ZenError): void {
  teardown(s, error, 'disconnected');
  s.clearRetry();
  s.log(`giving up: ${error.code}: ${error.message}`);
  s.to('give_up', error.message, error);
  s.channels?.rejectAll(error);
  s.fail(error);
  for (const w of s.takeWaiters()) w.reject(error);
}

/** `close()`: ends everything, lets the last socket finish its close handshake, flushes the recording. */
export async function closeSession(s: Session): Promise<void> {
  const a = s.attempt;
  let made: ZenError | undefined;
  // built only when something is waiting (bench/README.md: an error's stack capture cost every close())
  const closed = () => {
    if (!made) made = new ZenError('closed', 'The client was closed');
    return made;
  };
  teardown(s, closed, 'closed');
  s.clearRetry();
  s.to('close', 'close() called');
  const subs = s.channels;
  if (subs?.waiting) subs.rejectAll(closed());
  subs?.clear();
  for (const w of s.takeWaiters()) w.reject(new AbortError('aborted', 'The client was closed before it connected'));
  if (s.onAbort) s.o.signal?.removeEventListener('abort', s.onAbort);
  s.unlisten?.();
  if (a && s.sink) record(s, 'out', 'close', '', 1000);
  // sockets already finishing a handshake the peer started are cut now: nothing is left to say to them
  if (s.retiring) for (const old of s.retiring) old.cut();
  if (a) await a.retire(true);
  if (s.sink) await closeSink(s);
  s.events.clear();
}

/** `reconnect()`: drops the current connection (if any) and starts a fresh attempt with a fresh retry budget. */
export function restart(s: Session): Promise<void> {
  const error = new ConnectionError('connection_closed', 'reconnect() called', { closeCode: 1000 });
  teardown(s, error, 'reconnecting', { code: 1000, reason: 'reconnect' });
  s.failures = 0;
  s.clearRetry();
  s.to('reconnect', 'reconnect() called');
  const opened = s.waitForOpen();
  openAttempt(s);
  return opened;
}

/**
 * Page and network signals. Coming back (online, visible, pageshow) probes a live connection at once and
 * skips a pending backoff wait; going offline probes too (a dead socket is then found within `timeout`);
 * `pagehide` closes the socket so the page can enter the back/forward cache, and `pageshow` reconnects.
 */
export function lifecycleSignal(s: Session, signal: LifecycleSignal): void {
  s.log(`lifecycle: ${signal}`);
  if (signal === 'hidden') return;
  if (signal === 'pagehide') {
    if (s.state !== 'connected') return s.clearRetry();
    const error = new ConnectionError('connection_closed', 'Page hidden (pagehide)', { closeCode: 1000 });
    teardown(s, error, 'reconnecting', { code: 1000, reason: 'page hidden' });
    return s.to('lost', 'page hidden', error);
  }
  if (s.state === 'connected') return s.heartbeat.probeNow();
  const waiting = s.state === 'reconnecting' || s.state === 'connecting';
  if (waiting && signal !== 'offline' && s.attempt === undefined) {
    s.clearRetry();
    openAttempt(s);
  }
}
