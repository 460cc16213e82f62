/**
 * A trading session over one venue link: `readyToTrade` false from a drop until the venue's dead-man's switch is
 * armed again and every order cut off by the drop is settled; orders are never replayed.
 */
import { systemClock } from '../clock.js';
import { RequestError, ZenError } from '../errors.js';
import { EventHub, type Unsubscribe } from '../events.js';
import { checkKeys } from '../strict.js';
import { DeadMansSwitch } from './keeper.js';
import type {
  KeeperState,
  OrderRequest,
  OrderView,
  PlaceResult,
  Reconciliation,
  SettledOrder,
  TradingSession,
  TradingSessionEvents,
  VenueLink,
} from './types.js';

/** Options every venue's `tradingSession` takes. */
export interface TradingSessionOptions {
  /** How long `place()` waits for `readyToTrade` before rejecting with `request_timeout`, ms (default 30000). */
  readyTimeoutMs?: number;
  /** Query positions and balances in each reconciliation (default true). */
  account?: boolean;
  /** Arm the venue's dead-man's switch (default true); `false` leaves `keeper` at `off`. */
  deadMansSwitch?: boolean;
}

interface Waiter {
  symbol: string;
  settle(s: SettledOrder): void;
  fail(error: Error): void;
}

const isUnknown = (e: unknown): boolean => (e as { outcome?: unknown } | null)?.outcome === 'unknown';

/**
 * The venue-independent session behind every venue's `tradingSession()`: places orders with a client order id,
 * turns a lost reply into a reconciled status, reconciles after every reconnect and tracks the dead-man's switch.
 *
 * @example
 * const session = new TradingSessionCore(link, {});
 * await session.whenReady();
 * const { status } = await session.place({ symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', amount: 10, price: 50_000 });
 */
export class TradingSessionCore implements TradingSession {
  readonly #link: VenueLink;
  readonly #events = new EventHub<TradingSessionEvents>();
  readonly #keeper: DeadMansSwitch;
  readonly #unknown = new Map<string, Waiter>();
  readonly #stops: Unsubscribe[] = [];
  readonly #readyTimeoutMs: number;
  readonly #withAccount: boolean;
  readonly #armSwitch: boolean;
  #known = new Map<string, OrderView>();
  #ready = false;
  #gate = deferred();
  #round = 0;
  #closed = false;
  /** Why the client stopped reconnecting, until a connection is ready again. */
  #gone: string | undefined;

  constructor(link: VenueLink, options: TradingSessionOptions = {}, where = 'tradingSession', extra: string[] = []) {
    checkKeys(where, options, ['readyTimeoutMs', 'account', 'deadMansSwitch', ...extra]);
    this.#link = link;
    this.#readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
    this.#withAccount = options.account ?? true;
    this.#armSwitch = options.deadMansSwitch ?? true;
    this.#keeper = new DeadMansSwitch(link.mechanism, systemClock, (change) => this.#events.emit('keeper', change));
    const keeper = this.#keeper;
    const separate = link.watchGuard !== undefined;
    this.#stops.push(
      link.watchOrders({
        lost: (reason) => {
          if (!separate) keeper.on('lost', reason);
          this.#lost(reason);
        },
        ready: () => void this.#restore(),
        ended: (reason) => this.#ended(reason),
      }),
    );
    if (link.watchGuard)
      this.#stops.push(
        link.watchGuard({
          lost: (reason) => keeper.on('lost', reason),
          ready: () => void this.#arm().catch(this.#fail),
        }),
      );
    if (link.watchHealth)
      this.#stops.push(
        link.watchHealth((ok) =>
          keeper.on(ok ? 'healthy' : 'unhealthy', ok ? 'heartbeat answered' : 'heartbeat missed'),
        ),
      );
  }

  get readyToTrade(): boolean {
    return this.#ready;
  }

  get keeper(): KeeperState {
    return this.#keeper.state;
  }

  /** Open orders as last seen (placed here, or found by a reconciliation), by client order id. */
  get openOrders(): ReadonlyMap<string, OrderView> {
    return this.#known;
  }

  on<K extends keyof TradingSessionEvents>(type: K, handler: (e: TradingSessionEvents[K]) => void): Unsubscribe {
    return this.#events.on(type, handler);
  }

  /** Resolves when `readyToTrade` is true (at once if it is). */
  whenReady(): Promise<void> {
    return this.#gate.promise;
  }

  /** Arms the switch and reconciles on the current connection; `readyToTrade` after. Called once at the start. */
  async start(): Promise<void> {
    const failure = await this.#restore(true);
    if (failure === undefined) return this.whenReady();
    this.close();
    throw failure;
  }

  /**
   * Places an order (with a client order id made when none is given) once `readyToTrade`. A reply lost with
   * the connection is never retried: the promise settles with the status the next reconciliation finds.
   */
  async place(order: OrderRequest): Promise<PlaceResult> {
    if (this.#closed) throw new ZenError('closed', 'place(): the trading session is closed');
    if (this.#gone !== undefined) throw notConnected(this.#gone);
    if (
      !order ||
      typeof order.symbol !== 'string' ||
      !(order.amount > 0) ||
      (order.side !== 'buy' && order.side !== 'sell')
    )
      throw new TypeError('place(order): pass { symbol, side: "buy" | "sell", type, amount > 0, price? }');
    if (order.type === 'limit' && !(Number(order.price) > 0))
      throw new TypeError('place(order): a limit order needs price > 0');
    await this.#readyWithin(this.#readyTimeoutMs);
    const clientOrderId = order.clientOrderId ?? this.#link.newClientOrderId();
    try {
      const view = await this.#link.place({ ...order, clientOrderId });
      if (view.status === 'open') this.#known.set(clientOrderId, view);
      return { clientOrderId, status: view.status, order: view, reconciled: false };
    } catch (error) {
      if (!isUnknown(error)) throw error;
      if (this.#gone !== undefined) throw this.#endedError(clientOrderId, this.#gone);
      const settled = new Promise<SettledOrder>((settle, fail) =>
        this.#unknown.set(clientOrderId, { symbol: order.symbol, settle, fail }),
      );
      // reconciled already (the rejection came late): settle it with a fresh query
      if (this.#ready) this.reconcile().catch((e: unknown) => this.#events.emit('error', e as Error));
      return { ...(await settled), reconciled: true };
    }
  }

  /** Cancels an open order by its client order id. */
  async cancel(clientOrderId: string): Promise<void> {
    const order = this.#known.get(clientOrderId);
    if (!order) throw new RangeError(`cancel(): no open order with client order id ${clientOrderId}`);
    await this.#link.cancel(order);
    this.#known.delete(clientOrderId);
  }

  /** Queries the venue now and reports what changed since the last view (also run after every reconnect). */
  async reconcile(): Promise<Reconciliation> {
    const result = await this.#query();
    this.#events.emit('reconciled', result);
    return result;
  }

  /** Open orders, every unknown request by its client order id, the known orders' fate, the account. */
  async #query(): Promise<Reconciliation> {
    const link = this.#link;
    const open = await link.openOrders();
    const now = new Map(open.map((o) => [o.clientOrderId, o]));
    const settled: SettledOrder[] = [];
    for (const [id, waiter] of [...this.#unknown]) {
      const order = now.get(id) ?? (await link.lookup(id, waiter.symbol));
      settled.push({ clientOrderId: id, status: order?.status ?? 'absent', order });
    }
    const filled: OrderView[] = [];
    const cancelled: OrderView[] = [];
    for (const [id, before] of this.#known) {
      const after = now.get(id) ?? (await link.lookup(id, before.symbol));
      if (after && after.filled > before.filled) filled.push(after);
      else if (!after || after.status === 'cancelled' || after.status === 'rejected') cancelled.push(after ?? before);
    }
    const account = this.#withAccount && link.account ? await link.account() : undefined;
    this.#known = now;
    for (const s of settled) {
      this.#unknown.get(s.clientOrderId)?.settle(s);
      this.#unknown.delete(s.clientOrderId);
    }
    return { settled, filled, cancelled, open, account };
  }

  /** Stops watching the connections (the client stays open; close it yourself). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const stop of this.#stops.splice(0)) stop();
    this.#keeper.on('off', 'session closed');
    this.#ended('the trading session closed');
    this.#setReady(false, 'session closed');
    const error = new ZenError('closed', 'the trading session closed before the order was reconciled');
    this.#gate.reject(error);
    this.#gate.promise.catch(() => {});
  }

  /** No reconnect will come: every order still waiting for reconciliation fails, its outcome unknown. */
  #ended(reason: string): void {
    this.#gone = reason;
    for (const [id, waiter] of this.#unknown) waiter.fail(this.#endedError(id, reason));
    this.#unknown.clear();
    if (this.#closed || this.#ready) return;
    // place() calls waiting for readiness are refused now; whenReady() waits for a reconnect() on a new gate
    const gate = this.#gate;
    this.#gate = deferred();
    gate.reject(notConnected(reason));
    gate.promise.catch(() => {});
  }

  #endedError(id: string, reason: string): RequestError {
    const text = `order ${id}: the connection ended (${reason}) before it could be reconciled; check the venue`;
    return new RequestError('disconnected', text, { sent: true });
  }

  #lost(reason: string): void {
    this.#round++;
    this.#setReady(false, reason);
  }

  /** After a (re)connection: arm the switch, reconcile, then ready — unless another drop came meanwhile. */
  async #restore(first = false): Promise<unknown> {
    if (this.#closed) return undefined;
    const round = ++this.#round;
    this.#gone = undefined;
    try {
      if (first || !this.#link.watchGuard) await this.#arm();
      const result = await this.#query();
      if (round === this.#round && !this.#closed) this.#setReady(true, 'reconciled');
      this.#events.emit('reconciled', result);
    } catch (cause) {
      if (first) return cause;
      if (round !== this.#round || this.#closed) return undefined; // a newer connection takes over
      this.#events.emit(
        'error',
        new ZenError('disconnected', 'reconciliation failed; call reconcile() to retry', { cause }),
      );
    }
    return undefined;
  }

  /** Turns the venue's switch on for the guarded connection; `armed` once the venue confirmed it. */
  async #arm(): Promise<void> {
    if (this.#link.mechanism.kind === 'unsupported' || !this.#armSwitch || this.#closed) return;
    await this.#link.arm();
    this.#keeper.on('armed', `${this.#link.venue} confirmed its dead-man's switch`);
  }

  readonly #fail = (cause: unknown): void => {
    if (!this.#closed)
      this.#events.emit('error', new ZenError('disconnected', "arming the dead-man's switch failed", { cause }));
  };

  #setReady(ready: boolean, reason: string): void {
    if (ready === this.#ready) return;
    this.#ready = ready;
    if (ready) this.#gate.resolve();
    else this.#gate = deferred();
    this.#events.emit('ready', { readyToTrade: ready, reason });
  }

  async #readyWithin(ms: number): Promise<void> {
    if (this.#ready) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new RequestError('request_timeout', `place(): not ready to trade within ${ms} ms`, { sent: false })),
        ms,
      );
    });
    try {
      await Promise.race([this.#gate.promise, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The refusal of an order that was not sent because the client will not reconnect. */
function notConnected(reason: string): RequestError {
  const text = `place(): the client will not reconnect (${reason}); the order was not sent`;
  return new RequestError('not_connected', text, { sent: false });
}

function deferred(): { promise: Promise<void>; resolve(): void; reject(e: unknown): void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
