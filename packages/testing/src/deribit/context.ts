/**
 * The simulator's shared state as method handlers see it, and the shape of a method handler.
 */
import type { Auth } from './auth.js';
import type { SimClock } from './envelope.js';
import type { Ledger } from './ledger.js';
import type { Market } from './market.js';
import type { Engine } from './matching.js';
import type { SimSettings } from './options.js';
import type { Params } from './params.js';
import type { Publisher } from './publish.js';
import type { Session } from './session.js';
import type { DeribitSimEvent } from './types.js';

/** Switches the fault hooks flip. */
export interface Faults {
  maintenance: boolean;
  readonly dropBeforeReply: Set<string>;
  /** The next `private/buy`/`private/sell`: run it (`true`) or not (`false`), then cut the connection unanswered. */
  cutNextOrder: boolean | undefined;
}

export interface SimContext {
  readonly settings: SimSettings;
  readonly clock: SimClock;
  readonly auth: Auth;
  readonly market: Market;
  readonly engine: Engine;
  readonly ledger: Ledger;
  readonly publisher: Publisher;
  readonly sessions: ReadonlySet<Session>;
  readonly faults: Faults;
  /** Account-scope cancel-on-disconnect defaults: applied to connections when they authenticate. */
  readonly codDefaults: Map<string, boolean>;
  log(event: DeribitSimEvent): void;
  /** Whether the server has stalled this connection (`stall()`: half-open, reads and sends nothing). */
  isStalled(session: Session): boolean;
  /** Closes a connection from the server side. */
  close(session: Session, code: number, reason: string): void;
}

/** What one method call gets. */
export interface CallContext {
  readonly sim: SimContext;
  readonly session: Session;
  readonly params: Params;
  /** The authenticated account (private methods only; '' for public ones). */
  readonly account: string;
  /** Runs after the reply is sent (e.g. a book snapshot after the subscribe result). */
  after(fn: () => void): void;
}

/** A method handler: returns the `result`, or throws a `DeribitFault`. */
export type Method = (call: CallContext) => unknown;
