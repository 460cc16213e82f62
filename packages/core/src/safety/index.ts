/** Trading safety shared by the venue adapters: the session core, the keeper and their types. */
export { clientOrderIds } from './ids.js';
export { DeadMansSwitch, type KeeperEvent, keeperTransition } from './keeper.js';
export { TradingSessionCore, type TradingSessionOptions } from './session.js';
export type {
  KeeperChange,
  KeeperMechanism,
  KeeperState,
  LinkEvents,
  OrderRequest,
  OrderStatus,
  OrderView,
  PlaceResult,
  Reconciliation,
  SettledOrder,
  TradingSession,
  TradingSessionEvents,
  VenueLink,
} from './types.js';
