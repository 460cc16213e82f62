/**
 * Accounts behind the private API: a balance per currency, a position per instrument (inverse perpetuals: size
 * in USD, profit and loss in the currency), margins (initial 2 %, maintenance 1 % of the notional, open
 * orders included), and the views Deribit gives of them (`get_position(s)`, `get_account_summary`,
 * `user.portfolio`). An order that would take the initial margin beyond the equity is refused with 10009.
 */
import { type Instrument, markPrice } from './instrument.js';
import type { OrderEntry } from './matching.js';
import { DeribitFault } from './rpc-error.js';

const INITIAL = 0.02;
const MAINTENANCE = 0.01;
const round = (n: number): number => Number(n.toFixed(10));

interface Position {
  /** Signed size in USD (negative: short). */
  size: number;
  average: number;
  realized: number;
}

/** Balances and positions of every account. */
export interface Ledger {
  /** Books a fill of `account` (fee in the currency). */
  fill(account: string, inst: Instrument, direction: 'buy' | 'sell', amount: number, price: number, fee: number): void;
  /** Throws 10009 when an order of `amount` at `price` would take the initial margin beyond the equity. */
  checkFunds(account: string, inst: Instrument, amount: number, price: number, orders: OrderEntry[]): void;
  /** Deribit's position object (size 0 when flat). */
  position(account: string, inst: Instrument, orders: OrderEntry[]): object;
  /** Deribit's account summary (`get_account_summary`, `user.portfolio` data). */
  summary(account: string, currency: string, orders: OrderEntry[]): object;
}

/**
 * Creates the ledger; every account starts with `balances` (per currency).
 *
 * @example
 * const ledger = createLedger({ BTC: 10, ETH: 100 }, instruments);
 */
export function createLedger(
  balances: Readonly<Record<string, number>>,
  instruments: ReadonlyMap<string, Instrument>,
): Ledger {
  const wallets = new Map<string, Map<string, number>>();
  const positions = new Map<string, Position>();
  const wallet = (account: string): Map<string, number> => {
    let w = wallets.get(account);
    if (!w) {
      w = new Map(Object.entries(balances));
      wallets.set(account, w);
    }
    return w;
  };
  const positionOf = (account: string, inst: Instrument): Position => {
    const key = `${account}/${inst.name}`;
    let p = positions.get(key);
    if (!p) {
      p = { size: 0, average: 0, realized: 0 };
      positions.set(key, p);
    }
    return p;
  };
  /** Profit of a signed USD size from `from` to `to`, in the currency (inverse contract). */
  const pnl = (size: number, from: number, to: number): number => (from > 0 && to > 0 ? size * (1 / from - 1 / to) : 0);
  const ordersMargin = (orders: OrderEntry[], account: string, inst?: Instrument): number =>
    orders
      .filter((e) => e.owner.account === account && e.order.order_state === 'open' && (!inst || e.inst === inst))
      .reduce((sum, e) => {
        const price = typeof e.order.price === 'number' ? e.order.price : markPrice(e.inst);
        return sum + ((e.order.amount - e.order.filled_amount) / price) * INITIAL;
      }, 0);
  const figures = (account: string, currency: string, orders: OrderEntry[]) => {
    let upl = 0;
    let rpl = 0;
    let im = 0;
    let mm = 0;
    let delta = 0;
    for (const inst of instruments.values()) {
      if (inst.currency !== currency) continue;
      const p = positionOf(account, inst);
      const mark = markPrice(inst);
      upl += pnl(p.size, p.average, mark);
      rpl += p.realized;
      im += (Math.abs(p.size) / mark) * INITIAL;
      mm += (Math.abs(p.size) / mark) * MAINTENANCE;
      delta += p.size / mark;
    }
    const balance = wallet(account).get(currency) ?? 0;
    const equity = balance + upl;
    return { balance, equity, upl, rpl, im: im + ordersMargin(orders, account), mm, delta };
  };

  return {
    fill(account, inst, direction, amount, price, fee) {
      const p = positionOf(account, inst);
      const signed = direction === 'buy' ? amount : -amount;
      const w = wallet(account);
      const closing = p.size !== 0 && Math.sign(signed) !== Math.sign(p.size) ? Math.min(amount, Math.abs(p.size)) : 0;
      if (closing > 0) {
        const realized = pnl(Math.sign(p.size) * closing, p.average, price);
        p.realized = round(p.realized + realized);
        w.set(inst.currency, round((w.get(inst.currency) ?? 0) + realized));
      }
      const opening = amount - closing;
      const size = p.size + signed;
      if (opening > 0) {
        const kept = Math.abs(p.size) - closing;
        p.average = kept > 0 ? (kept * p.average + opening * price) / (kept + opening) : price;
      }
      p.size = round(size);
      if (p.size === 0) p.average = 0;
      w.set(inst.currency, round((w.get(inst.currency) ?? 0) - fee));
    },
    checkFunds(account, inst, amount, price, orders) {
      const f = figures(account, inst.currency, orders);
      if (f.im + (amount / price) * INITIAL > f.equity) throw new DeribitFault(10009);
    },
    position(account, inst, orders) {
      const p = positionOf(account, inst);
      const mark = markPrice(inst);
      const upl = pnl(p.size, p.average, mark);
      return {
        instrument_name: inst.name,
        kind: inst.kind,
        direction: p.size > 0 ? 'buy' : p.size < 0 ? 'sell' : 'zero',
        size: p.size,
        size_currency: round(p.size / mark),
        average_price: round(p.average),
        mark_price: mark,
        index_price: mark,
        settlement_price: mark,
        floating_profit_loss: round(upl),
        realized_profit_loss: round(p.realized),
        total_profit_loss: round(upl + p.realized),
        initial_margin: round((Math.abs(p.size) / mark) * INITIAL),
        maintenance_margin: round((Math.abs(p.size) / mark) * MAINTENANCE),
        open_orders_margin: round(ordersMargin(orders, account, inst)),
        delta: round(p.size / mark),
        leverage: Math.round(1 / INITIAL),
        estimated_liquidation_price: null,
      };
    },
    summary(account, currency, orders) {
      const f = figures(account, currency, orders);
      const available = round(Math.max(0, f.equity - f.im));
      return {
        currency,
        balance: round(f.balance),
        equity: round(f.equity),
        margin_balance: round(f.equity),
        available_funds: available,
        available_withdrawal_funds: round(Math.min(available, f.balance)),
        initial_margin: round(f.im),
        maintenance_margin: round(f.mm),
        projected_initial_margin: round(f.im),
        projected_maintenance_margin: round(f.mm),
        session_upl: round(f.upl),
        session_rpl: round(f.rpl),
        total_pl: round(f.upl + f.rpl),
        futures_pl: round(f.upl + f.rpl),
        futures_session_upl: round(f.upl),
        futures_session_rpl: round(f.rpl),
        options_value: 0,
        options_pl: 0,
        delta_total: round(f.delta),
        projected_delta_total: round(f.delta),
        fee_balance: 0,
        margin_model: 'segregated_sm',
        portfolio_margining_enabled: false,
        cross_collateral_enabled: false,
      };
    },
  };
}
