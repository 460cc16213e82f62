/**
 * Private methods: trading through the matching engine, order queries, cancel-on-disconnect and logout.
 * The caller has checked authentication (13009 otherwise) and charged the right credit bucket.
 */
import type { CallContext, Method } from './context.js';
import { toTick } from './instrument.js';
import type { OrderEntry, OrderRequest } from './matching.js';
import { instrumentOf } from './methods-public.js';
import { bool, num, oneOf, optStr, str } from './params.js';
import { DeribitFault, invalidParam } from './rpc-error.js';

const TIME_IN_FORCE = ['good_til_cancelled', 'good_til_day', 'fill_or_kill', 'immediate_or_cancel'] as const;

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
    const type = oneOf(params, 'type', ['limit', 'market'], 'limit');
    const price = type === 'limit' ? num(params, 'price') : undefined;
    if (price !== undefined && (!(price > 0) || toTick(inst, price) !== price)) {
      throw new DeribitFault(10043, {
        param: 'price',
        reason: `must be a multiple of the tick size ${inst.spec.tickSize}`,
      });
    }
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
    };
    return sim.market.mutate(inst, () => sim.engine.place(inst, { account, connection: session.id }, request));
  };

const mine = ({ sim, account }: CallContext, open: boolean): OrderEntry[] =>
  sim.engine.entries().filter((e) => e.owner.account === account && (!open || e.order.order_state === 'open'));

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
