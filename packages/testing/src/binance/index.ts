/**
 * `startBinanceSimulator`: a local Binance Spot on 127.0.0.1 for tests and demos — market streams, the
 * WebSocket API and a little REST on one port (docs/venues/binance.md). Node only (uses `ws` and `node:http`).
 */
import type { WebSocket } from 'ws';
import { type BoundedLog, createBoundedLog } from '../kit/bounded-log.js';
import { closeWith } from '../kit/close-codes.js';
import { asyncDispose, type DropCode, KitServer, type Route } from '../kit/server.js';
import { checkTimeout, type PendingWaits, waitUntil } from '../kit/wait.js';
import type { OutboundMessage, UpgradeRequest } from '../mock-server/types.js';
import { createApiEndpoint } from './api-endpoint.js';
import { handleControl } from './control.js';
import { createExchange } from './exchange.js';
import { createLimits } from './limits.js';
import { createMarket } from './market.js';
import { resolveSimOptions } from './options.js';
import { handleRest } from './rest.js';
import { createSimConnection, type SimConnection } from './sim-connection.js';
import { controlMessage, deliver, feedRound, streamsOfUrl } from './stream-endpoint.js';
import type {
  BinanceSimulator,
  BinanceSimulatorClose,
  BinanceSimulatorOptions,
  BinanceSimulatorOrder,
} from './types.js';

export type { BinanceSimulator, BinanceSimulatorOptions, BinanceSimulatorOrder } from './types.js';

/**
 * Starts the simulator. Streams: `${sim.streamUrl}/stream?streams=btcusdt@trade` or `/ws/btcusdt@trade`;
 * WebSocket API: `sim.apiUrl`; REST: `sim.restUrl`. Stop it with `stop()` (or `await using`).
 *
 * @example
 * const sim = await startBinanceSimulator({ feedIntervalMs: 20 });
 * const ws = new WebSocket(`${sim.streamUrl}/stream?streams=btcusdt@trade`);
 * // … { stream: 'btcusdt@trade', data: { e: 'trade', … } } every 20 ms …
 * await sim.stop();
 */
export async function startBinanceSimulator(options: BinanceSimulatorOptions = {}): Promise<BinanceSimulator> {
  const settings = resolveSimOptions(options);
  let skew = settings.clockSkewMs;
  const now = (): number => Date.now() + skew;
  const market = createMarket(settings.seed, settings.symbols, now());
  const exchange = createExchange(settings.accounts, settings.symbols, market);
  const limits = createLimits(settings.weightLimit, settings.orderLimit);
  const faults: { cutNextOrder: boolean | undefined } = { cutNextOrder: undefined };
  const api = createApiEndpoint({ settings, exchange, market, limits, now, faults });
  const live = new Set<SimConnection>();
  const unclaimed: SimConnection[] = [];
  const accepted = createBoundedLog<SimConnection>(0);
  const closes = createBoundedLog<BinanceSimulatorClose>(settings.maxMessages);
  const received = createBoundedLog<string>(settings.maxMessages);
  let count = 0;
  /** While `holdReplies()` is on: stream control replies, applied but not yet sent. */
  let held: Array<[SimConnection, object]> | undefined;
  const control = (c: SimConnection, text: string): void => {
    if (held) held.push([c, handleControl(text, c, settings.maxStreams)]);
    else controlMessage(c, text, settings.maxStreams);
  };

  const round = (): void => {
    feedRound(live, market, now());
    exchange.match(now());
  };
  const feed = settings.feedIntervalMs > 0 ? setInterval(round, settings.feedIntervalMs) : undefined;

  const accept = (ws: WebSocket, kind: 'stream' | 'api', upgrade: UpgradeRequest, streams: string[]): void => {
    const conn = createSimConnection(ws, {
      id: ++count,
      kind,
      path: upgrade.path,
      query: upgrade.query,
      settings,
      log: received,
      stalled: () => kit.isStalled(ws),
      onText: (c, text) => (kind === 'api' ? api.text(c, text) : control(c, text)),
      onClose: (close) => {
        live.delete(conn);
        const at = unclaimed.indexOf(conn);
        if (at !== -1) unclaimed.splice(at, 1);
        if (kind === 'api') api.closed(conn);
        closes.push(close);
      },
    });
    for (const s of streams) conn.subscriptions.add(s);
    if (kind === 'api') api.accept(conn);
    live.add(conn);
    unclaimed.push(conn);
    accepted.push(conn);
  };

  /** Streams, the WebSocket API or a refusal (404 elsewhere; 429/418 while banned; 400 for bad stream lists). */
  const route = (upgrade: UpgradeRequest): Route => {
    const { path, query } = upgrade;
    const stream = path === '/stream' || path === '/ws' || path.startsWith('/ws/');
    const kind = path === '/ws-api/v3' ? 'api' : stream ? 'stream' : undefined;
    if (!kind) return 404;
    const refusal = limits.refusal(now());
    if (refusal !== undefined) return refusal;
    const streams = kind === 'stream' ? streamsOfUrl(path, query, settings.maxStreams) : [];
    if (typeof streams === 'number') return streams;
    return (ws) => accept(ws, kind, upgrade, streams);
  };
  const kit = await KitServer.start({ port: settings.port, route });
  kit.listener.server.removeAllListeners('request');
  kit.listener.server.on('request', (req, res) =>
    handleRest({ market, symbols: settings.symbols, weightLimit: settings.weightLimit, now }, req, res),
  );

  const open = (): SimConnection[] => [...live].filter((c) => c.open);
  const drop = async (code: DropCode = 'abnormal', reason = ''): Promise<void> => {
    if (code !== 'abnormal') closeWith(code, reason);
    await Promise.all(open().map((c) => c.end(code, reason)));
  };
  const reject = (status: number | null, rejectOptions: { durationMs?: number | undefined } = {}): void => {
    limits.ban(null, 0, now());
    kit.reject(null);
    if (status === 418 || status === 429) limits.ban(status, rejectOptions.durationMs ?? 120_000, now());
    else if (status !== null) kit.reject(status, rejectOptions);
  };
  const inject = (message: OutboundMessage, target: { stream?: string | undefined } = {}): number =>
    injectInto(open(), message, target.stream);
  const stop = (): Promise<void> => {
    if (feed) clearInterval(feed);
    return kit.stop();
  };
  const port = kit.port;

  return {
    port,
    streamUrl: `ws://127.0.0.1:${port}`,
    apiUrl: `ws://127.0.0.1:${port}/ws-api/v3`,
    restUrl: `http://127.0.0.1:${port}`,
    get connections() {
      return open();
    },
    get connectionCount() {
      return count;
    },
    get closes() {
      return closes.items();
    },
    get received() {
      return received.items();
    },
    waitForConnection: (kind, timeoutMs = 2000) => waitForConnection(unclaimed, accepted, kit.pending, kind, timeoutMs),
    waitForClose: (match = () => true, timeoutMs = 2000) => waitForClose(closes, kit.pending, match, timeoutMs),
    tick: round,
    inject,
    emit: (stream, data) => inject(data, { stream }),
    serverShutdown: () => serverShutdown(open(), now()),
    drop,
    stall: (scope = 'open') => kit.stall(scope),
    resume: () => kit.resume(),
    holdReplies() {
      held ??= [];
    },
    releaseReplies() {
      const replies = held ?? [];
      held = undefined;
      return replies.filter(([c, reply]) => c.send(reply)).length;
    },
    setClockSkew(ms) {
      skew = ms;
    },
    orders: (apiKey) => exchange.all(apiKey) as BinanceSimulatorOrder[],
    cutNextOrder(processed) {
      faults.cutNextOrder = processed;
    },
    reject,
    ban: (status, durationMs = 120_000) => reject(status, { durationMs }),
    orderBook: (symbol, options = {}) => orderBook(market, symbol, options),
    gap(symbol) {
      market.injectGap(symbol.toUpperCase());
    },
    injectGap(symbol) {
      market.injectGap(symbol.toUpperCase());
    },
    stop,
    [asyncDispose]: stop,
  };
}

/** `sim.inject`: a frame to every open connection, or as `stream`'s event to its subscribers; how many got it. */
function injectInto(open: SimConnection[], message: OutboundMessage, stream: string | undefined): number {
  if (stream === undefined) return open.filter((c) => c.send(toFrameText(message))).length;
  return open.filter((c) => c.kind === 'stream' && c.subscriptions.has(stream) && deliver(c, stream, message as object))
    .length;
}

/** A frame's text: strings as they are, anything else as JSON. */
function toFrameText(message: OutboundMessage): string {
  return typeof message === 'string' ? message : JSON.stringify(message);
}

/** `sim.waitForConnection`: the next connection (of `kind`) no earlier call has claimed. */
async function waitForConnection(
  unclaimed: SimConnection[],
  accepted: BoundedLog<SimConnection>,
  pending: PendingWaits,
  kind: SimConnection['kind'] | undefined,
  timeoutMs: number,
): Promise<SimConnection> {
  checkTimeout(timeoutMs, 'waitForConnection');
  const fits = (c: SimConnection): boolean => c.open && (kind === undefined || c.kind === kind);
  const ready = unclaimed.find(fits);
  const outcome = ready
    ? { found: ready }
    : await waitUntil<SimConnection>((found) => accepted.listen((c) => fits(c) && found(c)), timeoutMs, pending);
  if (!('found' in outcome)) throw new Error(`waitForConnection: no new ${kind ?? ''} connection (${outcome.missed})`);
  unclaimed.splice(unclaimed.indexOf(outcome.found), 1);
  return outcome.found;
}

/** `sim.waitForClose`: the first close (earlier or later) that `match` accepts. */
async function waitForClose(
  closes: BoundedLog<BinanceSimulatorClose>,
  pending: PendingWaits,
  match: (close: BinanceSimulatorClose) => boolean,
  timeoutMs: number,
): Promise<BinanceSimulatorClose> {
  checkTimeout(timeoutMs, 'waitForClose');
  const earlier = closes.items().find(match);
  const outcome = earlier
    ? { found: earlier }
    : await waitUntil<BinanceSimulatorClose>((found) => closes.listen((c) => match(c) && found(c)), timeoutMs, pending);
  if (!('found' in outcome)) throw new Error(`waitForClose: no matching close (${outcome.missed})`);
  return outcome.found;
}

/** Binance's `serverShutdown` event on every open connection, in each one's framing; how many got it. */
function serverShutdown(open: SimConnection[], E: number): number {
  const event = { e: 'serverShutdown', E };
  return open.filter((c) =>
    c.send(c.kind === 'api' ? { event } : c.combined ? { stream: '!serverShutdown', data: event } : event),
  ).length;
}

/** `sim.orderBook`: the depth snapshot now, or as it was at `updateId`. */
function orderBook(
  market: ReturnType<typeof createMarket>,
  symbol: string,
  options: { limit?: number | undefined; updateId?: number | undefined },
): ReturnType<BinanceSimulator['orderBook']> {
  const upper = symbol.toUpperCase();
  const limit = options.limit ?? 5000;
  return options.updateId === undefined
    ? market.snapshot(upper, limit)
    : market.snapshotAt(upper, options.updateId, limit);
}
