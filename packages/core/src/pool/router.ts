import { type Clock, systemClock } from '../clock.js';
import type { JsonObject } from '../protocol.js';
import { checkKeys, checkType } from '../strict.js';
import { telemetry as sharedTelemetry, type Telemetry } from '../telemetry.js';
import { PoolError } from './errors.js';
import { ErrorBook, healthScore, measure } from './health.js';
import type { ClientDiscovery, MemberHealth, PoolMember, RouterOptions, SendBalancedOptions } from './types.js';

/** Health-aware routing over any set of members. `createClientPool` has one; use it alone to route elsewhere. */
export interface Router {
  /**
   * Sends through the healthiest usable member (ties take turns), failing over to the next on a failure
   * {@link SendBalancedOptions.shouldFailover} allows. Rejects with `no_connections`, `max_attempts_exceeded`,
   * the last member's own error when no candidate is left, or at once with an error that must not be retried.
   */
  sendBalanced(
    message: string | object,
    options: SendBalancedOptions & { clientDiscovery: ClientDiscovery },
  ): Promise<JsonObject | undefined>;
  /** The healthiest of `members` (ties take turns) and its score, emitting `pool.route`; undefined when empty. */
  select<M extends PoolMember>(members: readonly M[]): MemberHealth<M> | undefined;
  /** Every member's score, emitting `pool.health`. */
  health<M extends PoolMember>(members: readonly M[]): Array<MemberHealth<M>>;
}

/**
 * Whether a failed send surely did not leave: `error.sent === false` (limiter refusals, `not_connected`
 * requests), or a `not_connected` / `closed` error. The default `shouldFailover`.
 */
export function notSent(error: unknown): boolean {
  const e = error as { sent?: unknown; code?: unknown } | null | undefined;
  if (typeof e?.sent === 'boolean') return !e.sent;
  return e?.code === 'not_connected' || e?.code === 'closed';
}

/**
 * A router: health scores (pending requests, p50 latency, recent errors decaying after `errorDecayMs`),
 * round-robin among equals, and failover.
 *
 * @example
 * const router = createRouter();
 * await router.sendBalanced({ method: 'public/get_time', id: 1 }, { clientDiscovery: () => [a, b] });
 */
export function createRouter(options: RouterOptions = {}): Router {
  checkKeys('createRouter', options, ['clock', 'telemetry', 'errorDecayMs']);
  checkType('createRouter', 'clock', options.clock, 'object');
  checkType('createRouter', 'telemetry', options.telemetry, 'object');
  checkType('createRouter', 'errorDecayMs', options.errorDecayMs, 'number');
  const clock: Clock = options.clock ?? systemClock;
  const telemetry: Telemetry = options.telemetry ?? sharedTelemetry;
  const decay = options.errorDecayMs ?? 60_000;
  if (!(decay > 0)) throw new RangeError(`errorDecayMs must be a number of milliseconds > 0, got ${String(decay)}`);
  const errors = new ErrorBook(decay);
  let turn = 0;

  const score = (member: PoolMember, now: number): number =>
    healthScore({ ...measure(member), errors: errors.count(member, now) });

  function select<M extends PoolMember>(members: readonly M[]): MemberHealth<M> | undefined {
    if (members.length === 0) return undefined;
    const now = clock.now();
    const scored = members.map((client) => ({ client, health: score(client, now) }));
    const best = Math.max(...scored.map((s) => s.health));
    const ties = scored.filter((s) => s.health === best);
    turn = (turn + 1) % Number.MAX_SAFE_INTEGER;
    const chosen = ties[turn % ties.length] as MemberHealth<M>;
    telemetry.emit('pool.route', { health: chosen.health, poolSize: members.length, selected: chosen.client });
    return chosen;
  }

  function health<M extends PoolMember>(members: readonly M[]): Array<MemberHealth<M>> {
    const now = clock.now();
    const scored = members.map((client) => ({ client, health: score(client, now) }));
    const avg = scored.length === 0 ? 0 : Math.round(scored.reduce((sum, s) => sum + s.health, 0) / scored.length);
    telemetry.emit('pool.health', { poolSize: scored.length, avgHealth: avg });
    return scored;
  }

  async function sendBalanced(
    message: string | object,
    options: SendBalancedOptions & { clientDiscovery: ClientDiscovery },
  ): Promise<JsonObject | undefined> {
    checkKeys('sendBalanced', options, ['maxAttempts', 'clientDiscovery', 'shouldFailover']);
    checkType('sendBalanced', 'shouldFailover', options.shouldFailover, 'function');
    const { maxAttempts = 3, clientDiscovery, shouldFailover = notSent } = options;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
      throw new RangeError(`sendBalanced: maxAttempts must be an integer >= 1, got ${String(maxAttempts)}`);
    let candidates = [...(await clientDiscovery())].filter(usable);
    if (candidates.length === 0) throw new PoolError('no_connections', 'No connected client to send through');
    const failures: unknown[] = [];
    for (let attempt = 1; ; attempt++) {
      const { client } = select(candidates) as MemberHealth;
      try {
        const reply = await client.sendMessage(message);
        errors.clear(client);
        return reply;
      } catch (error) {
        failures.push(error);
        errors.record(client, clock.now());
        telemetry.emit('pool.failover', { attempt, failed: client, reason: error });
        if (!shouldFailover(error)) throw error;
        candidates = candidates.filter((c) => c !== client);
        if (candidates.length === 0) throw error;
        if (attempt >= maxAttempts)
          throw new PoolError('max_attempts_exceeded', `All ${attempt} attempts to send failed`, failures);
      }
    }
  }

  return { sendBalanced, select, health };
}

/** A member that can take a message now: it has `sendMessage` and, if it says, is connected. */
function usable(member: unknown): member is PoolMember {
  const m = member as PoolMember | null;
  if (typeof m?.sendMessage !== 'function') return false;
  try {
    return typeof m.getState !== 'function' || m.getState() === 'connected';
  } catch {
    return false;
  }
}
