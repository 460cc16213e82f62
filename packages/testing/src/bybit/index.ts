/**
 * A Bybit v5 simulator on the server kit: public topics (`orderbook.<depth>.<symbol>` snapshot/delta with `u`
 * and `seq`, `publicTrade`, `tickers`, `kline`), `{"op":"subscribe"}` with the spot args limit, `{"op":"ping"}`,
 * private auth (`GET/realtime` + expires, HMAC-SHA256) with `order`/`execution`/`position`/`wallet`, the
 * `/v5/trade` API with its header timestamp and recv window, and disconnect-cancel (`dcp`). Facts: Bybit's
 * published v5 docs (see docs/venues/bybit.md).
 */
import { checkOptions } from '../kit/options.js';
import { KitServer } from '../kit/server.js';
import { BybitLedger, DEFAULT_BALANCES } from './ledger.js';
import { createMarkets } from './market.js';
import { OrderBookkeeper } from './orders.js';
import { handleBybitRest } from './rest.js';
import { BybitSim } from './simulator.js';
import type { BybitSimulator, BybitSimulatorOptions } from './types.js';

export { bybitAuthSignature } from './auth.js';
export type {
  BybitInbound,
  BybitSimulator,
  BybitSimulatorAccount,
  BybitSimulatorConnection,
  BybitSimulatorOptions,
  BybitSimulatorOrder,
} from './types.js';

const NAMES = [
  'port',
  'symbols',
  'feedIntervalMs',
  'spotArgsLimit',
  'accounts',
  'orderRateLimit',
  'dcpWindowMs',
  'seed',
  'clockSkewMs',
];

/**
 * Starts a Bybit v5 simulator on 127.0.0.1 (port 0 by default). Endpoints: `/v5/public/spot`,
 * `/v5/public/linear`, `/v5/private`, `/v5/trade`; one consistent book per symbol behind every topic.
 *
 * @example
 * const sim = await startBybitSimulator({ feedIntervalMs: 10 });
 * // connect a client to `${sim.url}/v5/public/linear`
 * await sim.stop();
 */
export async function startBybitSimulator(options: BybitSimulatorOptions = {}): Promise<BybitSimulator> {
  const o = checkOptions('startBybitSimulator', options, NAMES);
  const markets = createMarkets(o.symbols ?? ['BTCUSDT', 'ETHUSDT'], o.seed ?? 1);
  const accounts = new Map((o.accounts ?? [{ apiKey: 'sim-key', apiSecret: 'sim-secret' }]).map((a) => [a.apiKey, a]));
  let sim: BybitSim | undefined;
  // Nothing can connect before start() resolves (the port is not known until then), so `sim` is set in time.
  const kit = await KitServer.start({ port: o.port ?? 0, route: (upgrade) => sim?.route(upgrade) ?? 503 });
  const keeper = new OrderBookkeeper(markets, o.orderRateLimit ?? 10, new BybitLedger(o.balances ?? DEFAULT_BALANCES));
  const setup = {
    markets,
    accounts,
    keeper,
    argsLimit: o.spotArgsLimit ?? 10,
    dcpWindowMs: o.dcpWindowMs ?? 10_000,
    feedIntervalMs: o.feedIntervalMs ?? 100,
    clockSkewMs: finite(o.clockSkewMs ?? 0),
  };
  sim = new BybitSim(kit, setup);
  const secrets = new Map([...accounts.values()].map((a) => [a.apiKey, a.apiSecret]));
  kit.listener.server.removeAllListeners('request');
  kit.listener.server.on('request', (req, res) =>
    handleBybitRest({ keeper, secrets, now: () => Date.now() + setup.clockSkewMs }, req, res),
  );
  return sim;
}

function finite(ms: number): number {
  if (typeof ms === 'number' && Number.isFinite(ms)) return ms;
  throw new RangeError(`startBybitSimulator: options.clockSkewMs must be a finite number, got ${String(ms)}`);
}
