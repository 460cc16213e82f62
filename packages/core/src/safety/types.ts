/**
 * The venue-independent shapes of trading safety: an order as every venue reports it, what a reconciliation
 * found, the dead-man's switch states, and the seam a venue fills in ({@link VenueLink}).
 */

/** Where an order stands. `absent`: the venue has no order with that client order id (it never arrived). */
export type OrderStatus = 'open' | 'filled' | 'cancelled' | 'rejected' | 'absent';

/** An order in one shape for every venue; `raw` is the venue's own object. */
export interface OrderView {
  /** Deribit `label`, Binance `clientOrderId`, Bybit `orderLinkId`. */
  clientOrderId: string;
  orderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  /** `open` includes partly filled orders (`filled > 0`). */
  status: Exclude<OrderStatus, 'absent'>;
  amount: number;
  filled: number;
  price?: number;
  raw: unknown;
}

/** An order to place, in one shape for every venue. */
export interface OrderRequest {
  /** Deribit instrument name, Binance/Bybit symbol. */
  symbol: string;
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  /** Deribit `amount`, Binance `quantity`, Bybit `qty`. */
  amount: number;
  /** Required for `limit`. */
  price?: number;
  /** Your own id (within the venue's limits); one is made when you leave it out. */
  clientOrderId?: string;
  /** Extra venue parameters, passed through as they are (e.g. `{ post_only: true }`). */
  params?: Record<string, unknown>;
}

/** What `place()` resolves with. */
export interface PlaceResult {
  clientOrderId: string;
  status: OrderStatus;
  order: OrderView | undefined;
  /** True when the reply was lost with the connection and the status comes from reconciliation. */
  reconciled: boolean;
}

/** A request whose reply was lost, settled by its client order id. */
export interface SettledOrder {
  clientOrderId: string;
  status: OrderStatus;
  order: OrderView | undefined;
}

/** What changed while the session could not see the venue; emitted on `reconciled`. */
export interface Reconciliation {
  /** Requests cut off by the drop, each settled as filled, open, cancelled, rejected or absent. */
  settled: SettledOrder[];
  /** Orders open before the drop that (partly or fully) filled meanwhile. */
  filled: OrderView[];
  /** Orders open before the drop that are gone unfilled (cancelled, by you elsewhere or by the dead-man's switch). */
  cancelled: OrderView[];
  /** Every open order now. */
  open: OrderView[];
  /** Positions and balances where the venue has them (its own shapes); undefined where not queried. */
  account: unknown;
}

/** The dead-man's switch: `armed` (the venue will cancel), `expiring` (its timer runs), `fired` (it cancelled). */
export type KeeperState = 'off' | 'unsupported' | 'armed' | 'expiring' | 'fired';

/** A keeper state change, with why and (for `expiring`) when the venue will fire (`Date.now()` ms). */
export interface KeeperChange {
  from: KeeperState;
  to: KeeperState;
  reason: string;
  deadline?: number;
}

/** How a venue's dead-man's switch works. */
export type KeeperMechanism =
  /** It cancels the moment the connection drops (Deribit cancel-on-disconnect). */
  | { kind: 'on_disconnect' }
  /** It cancels `windowMs` after the connection is lost unless it comes back (Bybit DCP). */
  | { kind: 'window'; windowMs: number }
  /** The venue has none; `reason` says so. */
  | { kind: 'unsupported'; reason: string };

/** The events a session emits. */
export type TradingSessionEvents = {
  reconciled: Reconciliation;
  keeper: KeeperChange;
  /** `readyToTrade` changed. */
  ready: { readyToTrade: boolean; reason: string };
  error: Error;
};

/** What a connection tells the session. */
export interface LinkEvents {
  /** The connection dropped (or is being replaced). */
  lost(reason: string): void;
  /** A connection is ready again: authenticated, session features restored. */
  ready(): void;
  /** The client gave up (retries exhausted, fatal error) or was closed: no reconnect will come by itself. */
  ended?(reason: string): void;
}

/** A venue's part: how to place, look up and list orders, and its dead-man's switch. */
export interface VenueLink {
  readonly venue: string;
  /** The orders connection; returns a function that stops watching. */
  watchOrders(events: LinkEvents): () => void;
  /**
   * The connection the dead-man's switch is tied to, when it is not the orders connection (Bybit: the private
   * stream); returns a function that stops watching. Without it the switch follows the orders connection and
   * is armed before each reconciliation.
   */
  watchGuard?(events: LinkEvents): () => void;
  /** Heartbeat health of the guarded connection, where the mechanism is a window. */
  watchHealth?(healthy: (ok: boolean) => void): () => void;
  place(order: OrderRequest & { clientOrderId: string }): Promise<OrderView>;
  cancel(order: OrderView): Promise<void>;
  openOrders(): Promise<OrderView[]>;
  /** The order with this client order id (any state), or undefined when the venue has none. */
  lookup(clientOrderId: string, symbol: string): Promise<OrderView | undefined>;
  /** Positions and balances, where the venue has them. */
  account?(): Promise<unknown>;
  readonly mechanism: KeeperMechanism;
  /** Turns the venue's mechanism on for the current connection (not called when unsupported). */
  arm(): Promise<void>;
  /** A client order id of this venue's format, fresh each call. */
  newClientOrderId(): string;
}

/** A trading session on one venue: the same shape on Deribit, Binance and Bybit. */
export interface TradingSession {
  /** False from a drop until the dead-man's switch is armed again and reconciliation has finished. */
  readonly readyToTrade: boolean;
  /** The dead-man's switch as the venue runs it. */
  readonly keeper: KeeperState;
  /** Open orders as last seen (placed here, or found by a reconciliation), by client order id. */
  readonly openOrders: ReadonlyMap<string, OrderView>;
  /** Resolves when `readyToTrade` is true. */
  whenReady(): Promise<void>;
  /** Places an order once ready; a reply lost with the connection settles by reconciliation, never a resend. */
  place(order: OrderRequest): Promise<PlaceResult>;
  /** Cancels an open order by its client order id. */
  cancel(clientOrderId: string): Promise<void>;
  /** Queries the venue now; emits and returns what changed. */
  reconcile(): Promise<Reconciliation>;
  on<K extends keyof TradingSessionEvents>(type: K, handler: (event: TradingSessionEvents[K]) => void): () => void;
  /** Stops watching (the venue client stays open). */
  close(): void;
}
