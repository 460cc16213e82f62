/**
 * Deribit's application heartbeat for one connection, once `public/set_heartbeat` turned it on: every
 * `interval` a `test_request` that must be answered with `public/test` before the next one is due (else the
 * connection is closed), and a `heartbeat` notice half-way between.
 */
import { heartbeat } from './envelope.js';

export interface HeartbeatTimer {
  /** (Re)starts with `intervalMs` between test requests. */
  set(intervalMs: number): void;
  /** A `public/test` arrived. */
  answered(): void;
  stop(): void;
  /** Whether `set()` turned it on (and nothing stopped it since). */
  isSet(): boolean;
}

/** What the heartbeat needs from its connection. */
export interface HeartbeatHost {
  send(message: object): void;
  /** False while the simulator is stalled: ticks are skipped. */
  active(): boolean;
  sentTestRequest(): void;
  timedOut(): void;
}

/**
 * Creates a stopped heartbeat.
 *
 * @example
 * const hb = createHeartbeat(host);
 * hb.set(10_000); // test_request every 10 s
 */
export function createHeartbeat(host: HeartbeatHost): HeartbeatTimer {
  let timer: ReturnType<typeof setInterval> | undefined;
  let awaiting = false;
  let ticks = 0;
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const tick = () => {
    if (!host.active()) return;
    ticks += 1;
    if (ticks % 2 === 1) return host.send(heartbeat('heartbeat'));
    if (awaiting) {
      stop();
      return host.timedOut();
    }
    awaiting = true;
    host.send(heartbeat('test_request'));
    host.sentTestRequest();
  };
  return {
    set(intervalMs) {
      stop();
      awaiting = false;
      ticks = 0;
      timer = setInterval(tick, intervalMs / 2);
    },
    answered() {
      awaiting = false;
    },
    stop,
    isSet: () => timer !== undefined,
  };
}
