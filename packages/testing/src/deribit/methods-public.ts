/**
 * Public methods: test, hello, time, status, heartbeat control, authentication, and market data.
 */
import { indexName } from './channels.js';
import type { CallContext, Method } from './context.js';
import { type Instrument, instrumentInfo, markPrice, orderBookOf, tickerOf } from './instrument.js';
import { num, optStr, str } from './params.js';
import { DeribitFault, invalidParam } from './rpc-error.js';

const VERSION = '1.2.26-sim';
const DEPTHS = [1, 5, 10, 20, 50, 100, 1000, 10000];

/** The instrument named by `params.instrument_name`; 10020 when unknown. */
export function instrumentOf({ sim, params }: CallContext): Instrument {
  const name = str(params, 'instrument_name');
  const inst = sim.market.instruments.get(name);
  if (!inst) throw new DeribitFault(10020, { param: 'instrument_name', reason: `unknown instrument ${name}` });
  return inst;
}

export const PUBLIC_METHODS: Readonly<Record<string, Method>> = {
  'public/test': ({ params }) => {
    if (params.expected_result === 'exception') throw new DeribitFault(11094, undefined, 'internal_server_error');
    return { version: VERSION };
  },
  'public/hello': ({ params }) => {
    str(params, 'client_name');
    str(params, 'client_version');
    return { version: VERSION };
  },
  'public/get_time': ({ sim }) => sim.clock.ms(),
  'public/status': ({ sim }) => ({ locked: sim.faults.maintenance, locked_currencies: [] }),
  'public/set_heartbeat': ({ sim, session, params }) => {
    const interval = num(params, 'interval');
    if (interval < sim.settings.minHeartbeatInterval) {
      throw invalidParam('interval', `must be >= ${sim.settings.minHeartbeatInterval}`);
    }
    session.heartbeat.set(interval * sim.settings.heartbeatUnitMs);
    return 'ok';
  },
  'public/disable_heartbeat': ({ session }) => {
    session.heartbeat.stop();
    return 'ok';
  },
  'public/auth': ({ sim, session, params }) => {
    const { result, token } = sim.auth.grant(params, session.id);
    session.token = token;
    if (sim.codDefaults.get(token.account.clientId)) session.cod = true;
    return result;
  },
  'public/get_instruments': ({ sim, params }) => {
    const currency = str(params, 'currency');
    const kind = optStr(params, 'kind');
    return [...sim.market.instruments.values()]
      .filter((i) => (currency === 'any' || i.currency === currency) && (kind === undefined || kind === i.kind))
      .map(instrumentInfo);
  },
  'public/ticker': (call) => tickerOf(instrumentOf(call), call.sim.clock.ms()),
  'public/get_order_book': (call) => {
    const depth = call.params.depth === undefined ? 20 : num(call.params, 'depth');
    if (!DEPTHS.includes(depth)) throw invalidParam('depth', `must be one of ${DEPTHS.join(', ')}`);
    return orderBookOf(instrumentOf(call), depth, call.sim.clock.ms());
  },
  'public/get_index_price': ({ sim, params }) => {
    const name = str(params, 'index_name');
    const inst = [...sim.market.instruments.values()].find((i) => indexName(i) === name);
    if (!inst) throw invalidParam('index_name', `unknown index ${name}`);
    const price = markPrice(inst);
    return { index_price: price, estimated_delivery_price: price };
  },
};
