import { ended, lost, opened } from './connection.js';
import { ConnectionError, ProtocolError, type ZenError } from './errors.js';
import { onBinary, onText } from './inbound.js';
import type { Session } from './session.js';
import type { SocketLike } from './socket.js';
import { type TickEntry, tickerFor } from './ticks.js';
import type { SocketSink } from './transport.js';

/** `connecting` until the socket opens; `dropped` once the client is done with it (its events are then ignored). */
export type AttemptState = 'connecting' | 'open' | 'dropped';

/**
 * What happens to a dropped attempt's socket: closed with `code`/`reason` (terminated unless 1000), or `keep`:
 * left as it is (it closed by itself, or the caller lets it finish its close handshake).
 */
export type Release = { code: number; reason: string } | 'keep';

/**
 * One connection attempt: its socket, its connect deadline (on a shared ticker), its
 * counters and its close handshake. It receives its socket's events (it is the socket's sink) and passes them
 * on only until it is dropped: a stale socket's events end here, whole. It is also the limiter's token for
 * the messages meant for this connection, so they are withdrawn with it.
 */
export class Attempt implements SocketSink, TickEntry {
  readonly s: Session;
  readonly socket: SocketLike;
  state: AttemptState = 'connecting';
  /** When the attempt started and when its socket opened: clock ms, whole (small integers, not boxed doubles). */
  readonly startedAt: number;
  openedAt = 0;
  /** Frames of any kind received (the heartbeat's sign of life). */
  inbound = 0;
  /** The socket's last error: why it closed, when it did. */
  lastError: ZenError | undefined;
  /** When the connect deadline falls (clock ms, whole), while the attempt waits on its ticker ({@link Attempt.arm}). */
  tickDue = 0;
  /** Set while the close handshake runs (see {@link Attempt.retire}): the socket's close event ends it. */
  #settle: (() => void) | undefined;

  constructor(s: Session, socket: SocketLike, startedAt: number) {
    this.s = s;
    this.socket = socket;
    this.startedAt = startedAt;
  }

  // ── the socket's events ─────────────────────────────────────────────────────────────────────────────

  open(): void {
    if (this.state === 'connecting') opened(this);
  }
  text(data: string): void {
    if (this.state !== 'dropped') onText(this.s, this, data);
  }
  binary(data: Uint8Array): void {
    if (this.state !== 'dropped') onBinary(this.s, this, data);
  }
  error(error: ZenError): void {
    if (this.state === 'dropped') return;
    this.lastError = error;
    this.s.log(`socket error: ${error.code}: ${error.message}`);
    if (error instanceof ProtocolError) this.s.events.emit('protocol_error', error);
  }
  pong(payload: string): void {
    if (this.state !== 'dropped') this.s.heartbeat.pong(payload);
  }
  control(): void {
    if (this.state !== 'dropped') this.inbound++;
  }
  close(code: number, reason: string): void {
    if (this.#settle) return this.#settle();
    if (this.state !== 'dropped') ended(this, code, reason);
  }
  /**
   * The peer started the close handshake (its close frame arrived; TCP may stay open): the connection is over
   * for us now. The socket finishes its handshake on its own, bounded, while the client moves on.
   */
  closing(code: number, reason: string): void {
    if (this.state === 'dropped') return;
    // one turn of the event loop first: the socket's own `error` (which says why) and a prompt `close` event
    // come first and take precedence
    this.s.o.clock.setTimeout(() => {
      if (this.state === 'dropped') return;
      void this.retire(false);
      ended(this, code, reason);
    }, 0);
  }

  // ── the client's side ───────────────────────────────────────────────────────────────────────────────

  /** Ends the attempt: its timer, its messages waiting in the limiter, and (unless kept) its socket. */
  drop(release: Release): void {
    this.state = 'dropped';
    this.disarm();
    this.s.o.limiter?.withdraw?.(this);
    if (release !== 'keep') abandon(this.socket, release.code, release.reason);
  }

  /**
   * Lets the socket finish its close handshake: sends our close frame when `send` (1000, code only) and waits,
   * at most `min(timeout, 2000)` ms, for the close event; then terminates it. Resolves when the socket is gone.
   * `close()` cuts every attempt still retiring ({@link Attempt.cut}) and waits for its own.
   */
  retire(send: boolean): Promise<void> {
    const { s, socket } = this;
    // Only a socket the client moves on from (the peer began the close) is left to be cut by `close()`; the
    // final close (`send`) is awaited by `close()` itself: no set per client for it (bench/setup-alloc.mjs).
    if (!send) {
      if (!s.retiring) s.retiring = new Set();
      s.retiring.add(this);
    }
    const { clock } = s.o;
    return new Promise<void>((resolve) => {
      const previous = this.#settle;
      const timer = clock.setTimeout(
        () => {
          abandon(socket, 1000, '', true);
          done();
        },
        Math.min(s.o.timeout, 2000),
      );
      const done = () => {
        clock.clearTimeout(timer);
        if (this.#settle === done) {
          this.#settle = undefined;
          s.retiring?.delete(this);
        }
        previous?.();
        resolve();
      };
      this.#settle = done;
      if (socket.readyState === 3) return done();
      // code only: a reason string makes ws write the close frame in two parts (bench/README.md)
      if (send) abandon(socket, 1000, '');
    });
  }

  /** Ends a close handshake at once (the client is closing: nothing is left to say). */
  cut(): void {
    abandon(this.socket, 1000, '', true);
    this.#settle?.();
  }

  /**
   * Starts the connect deadline (`timeout`): the attempt joins its clock's ticker for that interval, so
   * attempts under way together share one timer (bench/setup-alloc.mjs: a timer object less per attempt).
   */
  arm(): void {
    tickerFor(this.s.o.clock, this.s.o.timeout).add(this, this.startedAt);
  }

  /** Stops the connect deadline, if it runs. */
  disarm(): void {
    tickerFor(this.s.o.clock, this.s.o.timeout).remove(this);
  }

  /** The connect deadline passed (the ticker's call): the attempt failed. */
  tick(): void {
    if (this.state !== 'connecting' || this.s.attempt !== this) return;
    const { timeout } = this.s.o;
    lost(this.s, new ConnectionError('timeout', `No connection within ${timeout} ms`), {
      code: 4000,
      reason: 'connect timeout',
    });
  }
}

/** Closes or terminates a socket we no longer want; never throws. */
export function abandon(socket: SocketLike, code: number, reason: string, hard = code !== 1000): void {
  try {
    if (hard && typeof socket.terminate === 'function') socket.terminate();
    else {
      const allowed = code === 1000 || (code >= 3000 && code <= 4999) ? code : 4000;
      if (reason) socket.close(allowed, reason.slice(0, 120));
      else socket.close(allowed);
    }
  } catch {
    // a socket that refuses to close is gone for us anyway
  }
}
