/**
 * Fan-out of notifications to the connections whose subscriptions cover them: book snapshots and changes,
 * grouped books, tickers, price indexes, public trades, user orders and user trades, platform state.
 */
import type { LevelChange } from './book.js';
import { type ChannelSpec, covers } from './channels.js';
import { notification, type SimClock } from './envelope.js';
import { type Instrument, markPrice, tickerOf } from './instrument.js';
import type { Session } from './session.js';

/** A published incremental book change. */
export interface BookChange {
  readonly prevChangeId: number;
  readonly bids: LevelChange[];
  readonly asks: LevelChange[];
}

/** The account views private notifications carry (the ledger's, bound late). */
export interface AccountViews {
  position(account: string, inst: Instrument): object;
  summary(account: string, currency: string): object;
}

export interface Publisher {
  /** The first notification of a `book.*` subscription. */
  snapshot(session: Session, channel: string, inst: Instrument): void;
  book(inst: Instrument, change: BookChange): void;
  ticker(inst: Instrument): void;
  index(inst: Instrument): void;
  trades(inst: Instrument, trades: object[]): void;
  order(account: string, inst: Instrument, order: object): void;
  userTrades(account: string, inst: Instrument, trades: object[]): void;
  platformState(locked: boolean): void;
}

/**
 * Creates a publisher over the live connections.
 *
 * @example
 * const publisher = createPublisher(() => sessions, clock);
 * publisher.ticker(inst);
 */
export function createPublisher(
  sessions: () => Iterable<Session>,
  clock: SimClock,
  views: AccountViews = { position: () => ({}), summary: () => ({}) },
): Publisher {
  const each = (pick: (spec: ChannelSpec, session: Session) => unknown): void => {
    for (const session of sessions()) {
      for (const [channel, spec] of session.subs) {
        const data = pick(spec, session);
        if (data !== undefined) session.send(notification(channel, data));
      }
    }
  };
  /** `raw` for `.raw` subscriptions, `batched` for the others (user.orders: one order vs an array). */
  const user = (account: string, type: ChannelSpec['type'], inst: Instrument, raw: unknown, batched: unknown) =>
    each((spec, session) => {
      if (spec.type !== type || session.account() !== account || !covers(spec, inst)) return undefined;
      return 'interval' in spec && spec.interval === 'raw' ? raw : batched;
    });

  /** `user.changes` (orders, trades and the position of one instrument) and `user.portfolio` of its currency. */
  const changed = (account: string, inst: Instrument, orders: object[], trades: object[]): void => {
    const position = views.position(account, inst);
    const data = { instrument_name: inst.name, orders, trades, positions: [position] };
    user(account, 'user.changes', inst, data, data);
    const summary = views.summary(account, inst.currency);
    each((spec, session) =>
      spec.type === 'user.portfolio' && spec.currency === inst.currency && session.account() === account
        ? summary
        : undefined,
    );
  };

  return {
    snapshot(session, channel, inst) {
      const levels = (side: 'buy' | 'sell') => inst.book.levels(side).map(([p, a]) => ['new', p, a]);
      session.send(
        notification(channel, {
          type: 'snapshot',
          timestamp: clock.ms(),
          instrument_name: inst.name,
          change_id: inst.changeId,
          bids: levels('buy'),
          asks: levels('sell'),
        }),
      );
    },
    book(inst, change) {
      const timestamp = clock.ms();
      each((spec) => {
        if (spec.type === 'book' && spec.instrument === inst.name) {
          return {
            type: 'change',
            timestamp,
            instrument_name: inst.name,
            prev_change_id: change.prevChangeId,
            change_id: inst.changeId,
            bids: change.bids,
            asks: change.asks,
          };
        }
        if (spec.type !== 'book_grouped' || spec.instrument !== inst.name) return undefined;
        return {
          timestamp,
          instrument_name: inst.name,
          change_id: inst.changeId,
          bids: inst.book.levels('buy', spec.depth),
          asks: inst.book.levels('sell', spec.depth),
        };
      });
    },
    ticker(inst) {
      const data = tickerOf(inst, clock.ms());
      each((spec) => (spec.type === 'ticker' && spec.instrument === inst.name ? data : undefined));
    },
    index(inst) {
      const data = { timestamp: clock.ms(), price: markPrice(inst), index_name: `${inst.currency.toLowerCase()}_usd` };
      each((spec) => (spec.type === 'index' && covers(spec, inst) ? data : undefined));
    },
    trades(inst, trades) {
      each((spec) => (spec.type === 'trades' && covers(spec, inst) ? trades : undefined));
    },
    order(account, inst, order) {
      const copy = { ...order };
      user(account, 'user.orders', inst, copy, [copy]);
      changed(account, inst, [copy], []);
    },
    userTrades(account, inst, trades) {
      user(account, 'user.trades', inst, trades, trades);
      changed(account, inst, [], trades);
    },
    platformState(locked) {
      each((spec) => (spec.type === 'platform_state' ? { locked } : undefined));
    },
  };
}
