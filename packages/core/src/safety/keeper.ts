/**
 * The dead-man's switch keeper's state machine: one union, one transition function, a timer on an injected
 * clock for venues whose mechanism is a window (Bybit DCP). It reports what the venue does; it never cancels
 * anything itself.
 */
import type { Clock } from '../clock.js';
import type { KeeperChange, KeeperMechanism, KeeperState } from './types.js';

/** What can happen to the guarded connection. */
export type KeeperEvent = 'armed' | 'lost' | 'unhealthy' | 'healthy' | 'expired' | 'off';

/**
 * The next state after `event`, or undefined when nothing changes. `on_disconnect` venues fire the moment the
 * connection is lost; `window` venues start expiring on a loss or a missed heartbeat and fire when the window
 * ends without the connection coming back; `unsupported` never leaves that state.
 *
 * @example
 * keeperTransition('armed', 'lost', { kind: 'on_disconnect' }); // 'fired'
 * keeperTransition('armed', 'lost', { kind: 'window', windowMs: 10_000 }); // 'expiring'
 */
export function keeperTransition(state: KeeperState, event: KeeperEvent, m: KeeperMechanism): KeeperState | undefined {
  if (m.kind === 'unsupported') return undefined;
  if (event === 'off') return state === 'off' ? undefined : 'off';
  if (event === 'armed') return state === 'armed' ? undefined : 'armed';
  if (state !== 'armed' && state !== 'expiring') return undefined; // off or fired: nothing to lose
  if (m.kind === 'on_disconnect') return event === 'lost' ? 'fired' : undefined;
  if (event === 'expired') return state === 'expiring' ? 'fired' : undefined;
  if (event === 'healthy') return state === 'expiring' ? 'armed' : undefined;
  return state === 'armed' ? 'expiring' : undefined; // lost or unhealthy
}

/**
 * Tracks a venue's dead-man's switch: `armed` once the venue confirmed it on the current connection,
 * `expiring` while its timer runs (connection lost or heartbeat missing, window venues), `fired` when the venue
 * has cancelled (at once for cancel-on-disconnect; when the window ends otherwise), `unsupported`, `off`.
 *
 * @example
 * const keeper = new DeadMansSwitch({ kind: 'window', windowMs: 10_000 }, systemClock, (c) => console.log(c.to));
 * keeper.on('armed', 'dcp subscribed'); // armed
 * keeper.on('lost', 'socket closed'); // expiring; fired 10 s later unless armed again
 */
export class DeadMansSwitch {
  readonly mechanism: KeeperMechanism;
  #state: KeeperState;
  #timer: unknown;
  readonly #clock: Clock;
  readonly #emit: (change: KeeperChange) => void;
  readonly #wall: () => number;

  constructor(mechanism: KeeperMechanism, clock: Clock, emit: (change: KeeperChange) => void, wall = Date.now) {
    this.mechanism = mechanism;
    this.#state = mechanism.kind === 'unsupported' ? 'unsupported' : 'off';
    this.#clock = clock;
    this.#emit = emit;
    this.#wall = wall;
  }

  get state(): KeeperState {
    return this.#state;
  }

  /** Feeds one event; emits the change, if any, with `reason`. */
  on(event: KeeperEvent, reason: string): void {
    const to = keeperTransition(this.#state, event, this.mechanism);
    if (to === undefined) return;
    const from = this.#state;
    this.#state = to;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (to === 'expiring' && this.mechanism.kind === 'window') {
      const { windowMs } = this.mechanism;
      this.#timer = this.#clock.setTimeout(() => {
        this.#timer = undefined;
        this.on('expired', `no connection for ${windowMs} ms: the venue cancelled every open order`);
      }, windowMs);
      this.#emit({ from, to, reason, deadline: this.#wall() + windowMs });
      return;
    }
    this.#emit({ from, to, reason });
  }
}
