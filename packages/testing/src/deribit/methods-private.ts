/**
 * Private methods: trading through the matching engine, order queries, cancel-on-disconnect and logout.
 * The caller has checked authentication (13009 otherwise) and charged the right credit bucket.
 */
import type { CallContext, Method } from './context.js';
import { type Instrument, markPrice, toTick } from './instrument.js';
import type { OrderEntry, OrderRequest } from './matching.js';
import { instrumentOf } from './methods-public.js';
import { bool, num, oneOf, optNum, optStr, str } from './params.js';
import { DeribitFault, invalidParam } from './rpc-error.js';

const TIME_IN_FORCE = ['good_til_cancelled', 'good_til_day', 'fill_or_kill', 'immediate_or_cancel'] as const;
const ORDER_TYPES = ['limit', 'market', 'stop_limit', 'stop_market'] as const;
const TRIGGERS = ['last_price', 'mark_price', 'index_price'] as const;

/** 10043 unless `value` is a positive multiple of the tick size. */
function checkTick(inst: Instrument, param: string, value: number | undefined): void {
  if (value !== undefined && (!(value > 0) || toTick(inst, value) !== value)) {
    throw new DeribitFault(10043, { param, reason: `must be a multiple of the tick size ${inst.spec.tickSize}` });
  }
}

/** `private/edit`: a new amount and/or price for an open order (10009 if the increase is not covered). */
const edit: Method = (call) => {
  const { sim, params, account } = call;
  const id = str(params, 'order_id');
  const entry = mine(call, false).find((e) => e.order.order_id === id);
  if (!entry) throw new DeribitFault(10004, { order_id: id });
  const amount = params.amount === undefined ? entry.order.amount : num(params, 'amount');
  const price = optNum(params, 'price');
  checkTick(entry.inst, 'price', price);
  const size = entry.inst.spec.contractSize;
  if (!(amount > 0) || Math.abs(amount / size - Math.round(amount / size)) > 1e-9) {
    throw invalidParam('amount', `must be a positive multiple of the contract size ${size}`);
  }
  const extra = amount - entry.order.amount;
  if (extra > 0 && !entry.order.reduce_only) {
    const at = price ?? (typeof entry.order.price === 'number' ? entry.order.price : markPrice(entry.inst));
    sim.ledger.checkFunds(account, entry.inst, extra, at, sim.engine.entries());
  }
  return sim.market.mutate(entry.inst, () => sim.engine.edit(id, account, amount, price));
};

/** Positions of the account in one currency (optionally one kind), flat ones left out. */
const positions: Method = (call) => {
  const currency = str(call.params, 'currency').toUpperCase();
  const kind = optStr(call.params, 'kind');
  const entries = call.sim.engine.entries();
  return [...call.sim.market.instruments.values()]
    .filter((i) => (currency === 'ANY' || i.currency === currency) && (!kind || kind === 'any' || kind === i.kind))
    .map((i) => call.sim.ledger.position(call.account, i, entries) as { size: number })
    .filter((p) => p.size !== 0);
};

const place =
  (direction: 'buy' | 'sell'): Method =>
  (call) => {
    const { sim, params, session, account } = call;
    const inst = instrumentOf(call);
    const size = inst.spec.contractSize;
    const amount =
      params.amount === undefined && params.contracts !== undefined
        ? num(params, 'contracts') * size
        : num(params, 'amount');
    if (!(amount > 0) || Math.abs(amount / size - Math.round(amount / size)) > 1e-9) {
      throw invalidParam('amount', `must be a positive multiple of the contract size ${size}`);
    }
    const type = oneOf(params, 'type', ORDER_TYPES, 'limit');
    const price = type === 'limit' || type === 'stop_limit' ? num(params, 'price') : undefined;
    checkTick(inst, 'price', price);
    const stop = type === 'stop_limit' || type === 'stop_market';
    const triggerPrice = stop ? num(params, 'trigger_price') : undefined;
    checkTick(inst, 'trigger_price', triggerPrice);
    const trigger = stop ? oneOf(params, 'trigger', TRIGGERS, 'last_price') : undefined;
    const label = optStr(params, 'label') ?? '';
    if (label.length > 64) throw invalidParam('label', 'at most 64 characters');
    const request: OrderRequest = {
      direction,
      amount,
      type,
      price,
      timeInForce: oneOf(params, 'time_in_force', TIME_IN_FORCE, 'good_til_cancelled'),
      postOnly: bool(params, 'post_only'),
      rejectPostOnly: bool(params, 'reject_post_only'),
      reduceOnly: bool(params, 'reduce_only'),
      label,
      triggerPrice,
      trigger,
    };
    if (!request.reduceOnly) {
      sim.ledger.checkFunds(account, inst, amount, price ?? triggerPrice ?? markPrice(inst), sim.engine.entries());
    }
    return sim.market.mutate(inst, () => sim.engine.place(inst, { account, connection: session.id }, request));
  };

const mine = ({ sim, account }: CallContext, open: boolean): OrderEntry[] =>
  sim.engine.entries().filter((e) => e.owner.account === account && (!open || isLive(e.order.order_state)));

/** Open, or a stop order waiting for its trigger. */
const isLive = (state: string): boolean => state === 'open' || state === 'untriggered';

const cancelMatching = (call: CallContext, match: (e: OrderEntry) => boolean): number => {
  let count = 0;
  for (const inst of call.sim.market.instruments.values()) {
    const take = (e: OrderEntry) => e.inst === inst && e.owner.account === call.account && match(e);
    count += call.sim.market.mutate(inst, () => call.sim.engine.cancelWhere(take, 'user_request')).length;
  }
  return count;
};

const scopeOf = (call: CallContext) => oneOf(call.params, 'scope', ['connection', 'account'], 'connection');

const setCod =
  (enabled: boolean): Method =>
  (call) => {
    if (scopeOf(call) === 'account') call.sim.codDefaults.set(call.account, enabled);
    else call.session.cod = enabled;
    return 'ok';
  };

export const PRIVATE_METHODS: Readonly<Record<string, Method>> = {
  'private/buy': place('buy'),
  'private/sell': place('sell'),
  'private/edit': edit,
  'private/get_positions': positions,
  'private/get_position': (call) =>
    call.sim.ledger.position(call.account, instrumentOf(call), call.sim.engine.entries()),
  'private/get_account_summary': (call) => {
    const currency = str(call.params, 'currency').toUpperCase();
    if (
      ![...call.sim.market.instruments.values()].some((i) => i.currency === currency) &&
      !(currency in call.sim.settings.balances)
    ) {
      throw invalidParam('currency', `unknown currency ${currency}`);
    }
    return call.sim.ledger.summary(call.account, currency, call.sim.engine.entries());
  },
  'private/cancel': (call) => {
    const id = str(call.params, 'order_id');
    const entry = mine(call, false).find((e) => e.order.order_id === id);
    if (!entry) throw new DeribitFault(10004, { order_id: id });
    return call.sim.market.mutate(entry.inst, () => call.sim.engine.cancel(id, call.account, 'user_request'));
  },
  'private/cancel_all': (call) => cancelMatching(call, () => true),
  'private/cancel_all_by_instrument': (call) => {
    const inst = instrumentOf(call);
    return cancelMatching(call, (e) => e.inst === inst);
  },
  'private/get_open_orders': (call) => {
    const kind = optStr(call.params, 'kind');
    return mine(call, true)
      .filter((e) => kind === undefined || kind === 'any' || kind === e.inst.kind)
      .map((e) => e.order);
  },
  'private/get_open_orders_by_instrument': (call) => {
    const inst = instrumentOf(call);
    return mine(call, true)
      .filter((e) => e.inst === inst)
      .map((e) => e.order);
  },
  'private/get_order_state': (call) => {
    const id = str(call.params, 'order_id');
    const entry = mine(call, false).find((e) => e.order.order_id === id);
    if (!entry) throw new DeribitFault(10004, { order_id: id });
    return entry.order;
  },
  'private/get_order_state_by_label': (call) => {
    const currency = str(call.params, 'currency').toUpperCase();
    const label = optStr(call.params, 'label');
    return mine(call, false)
      .filter((e) => e.inst.currency === currency || e.inst.name.includes(`_${currency}-`))
      .filter((e) => label === undefined || e.order.label === label)
      .map((e) => e.order);
  },
  'private/enable_cancel_on_disconnect': setCod(true),
  'private/disable_cancel_on_disconnect': setCod(false),
  'private/get_cancel_on_disconnect': (call) => {
    const scope = scopeOf(call);
    const enabled = scope === 'account' ? (call.sim.codDefaults.get(call.account) ?? false) : call.session.cod;
    return { scope, enabled };
  },
  'private/logout': (call) => {
    const { sim, session, params } = call;
    session.loggedOut = true;
    if (params.invalidate_token !== false) {
      sim.auth.closed(session.id);
      if (session.token) session.token.revoked = true;
    }
    call.after(() => sim.close(session, 1000, 'logout'));
    return 'ok';
  },
};
