/**
 * `startBinanceSimulator`: a local Binance Spot on 127.0.0.1 for tests and demos — market streams, the
 * WebSocket API and a little REST on one port (docs/venues/binance.md). Node only (uses `ws` and `node:http`).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createBoundedLog } from '../mock-server/bounded-log.js';
import { listen, upgradeRequestOf, writeRejection } from '../mock-server/http-server.js';
import { checkTimeout, type PendingWaits, waitUntil } from '../mock-server/wait.js';
import { createApiEndpoint } from './api-endpoint.js';
import { handleControl } from './control.js';
import { createExchange } from './exchange.js';
import { createLimits } from './limits.js';
import { createMarket } from './market.js';
import { resolveSimOptions } from './options.js';
import { handleRest } from './rest.js';
import { createSimConnection, type SimConnection } from './sim-connection.js';
import { controlMessage, deliver, feedRound, streamsOfUrl } from './stream-endpoint.js';
import type { BinanceSimulator, BinanceSimulatorClose, BinanceSimulatorOptions } from './types.js';

export type { BinanceSimulator, BinanceSimulatorOptions } from './types.js';

/**
 * Starts the simulator. Streams: `${sim.streamUrl}/stream?streams=btcusdt@trade` or `/ws/btcusdt@trade`;
 * WebSocket API: `sim.apiUrl`; REST: `sim.restUrl`. Stop it with `stop()` (or `await using`).
 *
 * @example
 * const sim = await startBinanceSimulator({ feedInterval: 20 });
 * const ws = new WebSocket(`${sim.streamUrl}/stream?streams=btcusdt@trade`);
 * // … { stream: 'btcusdt@trade', data: { e: 'trade', … } } every 20 ms …
 * await sim.stop();
 */
export async function startBinanceSimulator(options: BinanceSimulatorOptions = {}): Promise<BinanceSimulator> {
  const settings = resolveSimOptions(options);
  let skew = settings.clockSkew;
  const now = (): number => Date.now() + skew;
  const market = createMarket(settings.seed, settings.symbols, now());
  const exchange = createExchange(settings.accounts, settings.symbols, market);
  const limits = createLimits(settings.weightLimit, settings.orderLimit);
  const api = createApiEndpoint({ settings, exchange, market, limits, now });
  const listener = await listen(settings.port, undefined);
  const wss = new WebSocketServer({ noServer: true, autoPong: false, clientTracking: false });
  const live = new Set<SimConnection>();
  const unclaimed: SimConnection[] = [];
  const accepted = createBoundedLog<SimConnection>(0);
  const closes = createBoundedLog<BinanceSimulatorClose>(settings.maxMessages);
  const received = createBoundedLog<string>(settings.maxMessages);
  const pending: PendingWaits = new Set();
  let count = 0;
  let stopping: Promise<void> | undefined;
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
  const feed = settings.feedInterval > 0 ? setInterval(round, settings.feedInterval) : undefined;

  const accept = (
    ws: import('ws').WebSocket,
    kind: 'stream' | 'api',
    path: string,
    query: string,
    streams: string[],
  ) => {
    const conn = createSimConnection(ws, {
      id: ++count,
      kind,
      path,
      query,
      settings,
      log: received,
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

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const { path, query } = upgradeRequestOf(request);
    const kind =
      path === '/ws-api/v3'
        ? 'api'
        : path === '/stream' || path === '/ws' || path.startsWith('/ws/')
          ? 'stream'
          : undefined;
    const refusal = limits.refusal(now());
    const streams = kind === 'stream' ? streamsOfUrl(path, query, settings.maxStreams) : [];
    const status = stopping ? 503 : !kind ? 404 : (refusal ?? (typeof streams === 'number' ? streams : undefined));
    if (status !== undefined) return writeRejection(socket, status, {});
    wss.handleUpgrade(request, socket, head, (ws) =>
      accept(ws, kind as 'stream' | 'api', path, query, streams as string[]),
    );
  };
  listener.server.on('upgrade', onUpgrade);
  listener.server.removeAllListeners('request');
  listener.server.on('request', (req, res) =>
    handleRest({ market, symbols: settings.symbols, weightLimit: settings.weightLimit, now }, req, res),
  );

  const open = (): SimConnection[] => [...live].filter((c) => c.open);
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (feed) clearInterval(feed);
      for (const cancel of [...pending]) cancel();
      await Promise.all([...live].map((c) => c.end('abnormal')));
      listener.server.off('upgrade', onUpgrade);
      wss.close();
      await listener.close();
    })();
    return stopping;
  };
  const port = listener.port;
  const asyncDispose: typeof Symbol.asyncDispose =
    Symbol.asyncDispose ?? (Symbol.for('nodejs.asyncDispose') as typeof Symbol.asyncDispose);

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
    async waitForConnection(kind, timeoutMs = 2000) {
      checkTimeout(timeoutMs, 'waitForConnection');
      const fits = (c: SimConnection): boolean => c.open && (kind === undefined || c.kind === kind);
      const ready = unclaimed.find(fits);
      const outcome = ready
        ? { found: ready }
        : await waitUntil<SimConnection>((found) => accepted.listen((c) => fits(c) && found(c)), timeoutMs, pending);
      if (!('found' in outcome))
        throw new Error(`waitForConnection: no new ${kind ?? ''} connection (${outcome.missed})`);
      unclaimed.splice(unclaimed.indexOf(outcome.found), 1);
      return outcome.found;
    },
    async waitForClose(match = () => true, timeoutMs = 2000) {
      checkTimeout(timeoutMs, 'waitForClose');
      const earlier = closes.items().find(match);
      const outcome = earlier
        ? { found: earlier }
        : await waitUntil<BinanceSimulatorClose>(
            (found) => closes.listen((c) => match(c) && found(c)),
            timeoutMs,
            pending,
          );
      if (!('found' in outcome)) throw new Error(`waitForClose: no matching close (${outcome.missed})`);
      return outcome.found;
    },
    tick: round,
    emit(stream, data) {
      return open().filter((c) => c.kind === 'stream' && c.subscriptions.has(stream) && deliver(c, stream, data))
        .length;
    },
    serverShutdown() {
      const E = now();
      const event = { e: 'serverShutdown', E };
      return open().filter((c) =>
        c.send(c.kind === 'api' ? { event } : c.combined ? { stream: '!serverShutdown', data: event } : event),
      ).length;
    },
    async drop(code = 1001, reason = 'Server going away') {
      await Promise.all(open().map((c) => c.end(code, reason)));
    },
    stall() {
      for (const c of live) c.stall();
    },
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
    ban(status, durationMs = 120_000) {
      limits.ban(status, durationMs, now());
    },
    orderBook(symbol, options = {}) {
      const upper = symbol.toUpperCase();
      const limit = options.limit ?? 5000;
      return options.updateId === undefined
        ? market.snapshot(upper, limit)
        : market.snapshotAt(upper, options.updateId, limit);
    },
    injectGap(symbol) {
      market.injectGap(symbol.toUpperCase());
    },
    stop,
    [asyncDispose]: stop,
  };
}
