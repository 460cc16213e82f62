/**
 * `startDeribitSimulator`: a local Deribit (JSON-RPC API v2 over WebSocket) on 127.0.0.1 for tests and demos.
 * This file wires the parts together and exposes the public {@link DeribitSimulator} shape.
 */

import { type BoundedLog, createBoundedLog } from '../kit/bounded-log.js';
import { closeWith } from '../kit/close-codes.js';
import { type DropCode, KitServer } from '../kit/server.js';
import { checkTimeout, type PendingWaits, waitUntil } from '../kit/wait.js';
import { createAuth } from './auth.js';
import { createConnections } from './connections.js';
import type { Faults, SimContext } from './context.js';
import { createSimClock, notification } from './envelope.js';
import { createLedger } from './ledger.js';
import { createMarket } from './market.js';
import { createEngine } from './matching.js';
import { resolveSimOptions } from './options.js';
import { createPublisher } from './publish.js';
import type { Session } from './session.js';
import type { DeribitSimEvent, DeribitSimulator, DeribitSimulatorOptions, SimOrder } from './types.js';

const PATH = '/ws/api/v2';

/**
 * Starts a Deribit simulator on 127.0.0.1 (a free port by default). Stop it with `stop()` or `await using`.
 *
 * @example
 * const sim = await startDeribitSimulator({ tokenLifetimeMs: 300 });
 * const client = await createDeribitClient({ url: sim.url, ...sim.credentials, socketFactory });
 * await client.ticker('BTC-PERPETUAL');
 * await client.close();
 * await sim.stop();
 */
export async function startDeribitSimulator(options: DeribitSimulatorOptions = {}): Promise<DeribitSimulator> {
  const settings = resolveSimOptions(options);
  const clock = createSimClock(settings.clockOffsetMs);
  const events = createBoundedLog<DeribitSimEvent>(10_000);
  const sessions = new Set<Session>();
  const faults: Faults = { maintenance: false, dropBeforeReply: new Set(), cutNextOrder: undefined };
  const publisher = createPublisher(() => sessions, clock, {
    position: (account, inst) => ledger.position(account, inst, engine.entries()),
    summary: (account, currency) => ledger.summary(account, currency, engine.entries()),
  });
  const engine = createEngine(clock, publisher, (owner, inst, direction, amount, price, fee) =>
    ledger.fill(owner.account, inst, direction, amount, price, fee),
  );
  const log = (event: DeribitSimEvent) => events.push(event);
  const market = createMarket(settings, engine, publisher, (instrument, changeId) =>
    log({ type: 'gap', instrument, changeId }),
  );
  const ledger = createLedger(settings.balances, market.instruments);
  const sim: SimContext = {
    settings,
    clock,
    auth: createAuth(settings, clock),
    market,
    engine,
    ledger,
    publisher,
    sessions,
    faults,
    codDefaults: new Map(),
    log,
    isStalled: (session) => kit.isStalled(session.ws),
    close(session, code, reason) {
      if (session.ws.readyState === session.ws.OPEN) session.ws.close(code, reason);
    },
  };
  const connections = createConnections(sim, sessions);
  const kit = await KitServer.start({ port: settings.port, maxPayload: 4 << 20, route: connections.route });
  const pending = kit.pending;
  const feed =
    settings.feedIntervalMs > 0
      ? setInterval(() => kit.stalledAll || market.step(), settings.feedIntervalMs)
      : undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (feed !== undefined) clearInterval(feed);
      await connections.shutDown();
      await kit.stop();
    })();
    return stopping;
  };
  /** Ends every connection: a close code, or `'abnormal'` (the default). */
  const drop = async (code: DropCode = 'abnormal', reason = ''): Promise<void> => {
    if (code !== 'abnormal') closeWith(code, reason);
    await connections.dropAll(code === 'abnormal' ? undefined : code, reason);
  };
  const gap = (instrument = firstInstrument): void => {
    if (!market.instruments.has(instrument)) throw new RangeError(`gap: unknown instrument ${instrument}`);
    market.gap(instrument);
  };
  const firstInstrument = settings.instruments[0]?.name ?? '';

  return {
    url: `ws://127.0.0.1:${kit.port}${PATH}`,
    port: kit.port,
    credentials: { ...(settings.accounts[0] ?? { clientId: '', clientSecret: '' }) },
    get events() {
      return events.items();
    },
    get connectionCount() {
      return connections.accepted;
    },
    get openConnections() {
      return sessions.size;
    },
    requests: (method) =>
      events
        .items()
        .filter(
          (e): e is Extract<DeribitSimEvent, { type: 'request' }> =>
            e.type === 'request' && (method === undefined || e.method === method),
        ),
    waitFor: (match, timeoutMs = 2000) => waitFor(events, pending, () => stopping !== undefined, match, timeoutMs),
    orders: (filter = {}) =>
      engine
        .entries()
        .map((e) => e.order)
        .filter((o: SimOrder) => !filter.open || o.order_state === 'open')
        .map((o) => ({ ...o })),
    orderBook(instrument = firstInstrument) {
      const inst = market.instruments.get(instrument);
      if (!inst) throw new RangeError(`orderBook: unknown instrument ${instrument}`);
      return { change_id: inst.changeId, bids: inst.book.levels('buy'), asks: inst.book.levels('sell') };
    },
    tick(steps = 1) {
      for (let i = 0; i < steps; i++) market.step();
    },
    drop,
    stall: (scope = 'all') => kit.stall(scope),
    resume: () => kit.resume(),
    reject: (status, rejectOptions) => kit.reject(status, rejectOptions),
    inject(message, target = {}) {
      let count = 0;
      for (const session of sessions) {
        if (target.channel !== undefined && !session.subs.has(target.channel)) continue;
        if (kit.isStalled(session.ws) || session.ws.readyState !== session.ws.OPEN) continue;
        const frame = target.channel === undefined ? message : notification(target.channel, message);
        session.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
        count++;
      }
      return count;
    },
    gap,
    expireTokens: () => sim.auth.expireAll(),
    async maintenance(on) {
      faults.maintenance = on;
      publisher.platformState(on);
      if (on) await connections.dropAll(1012, 'system_maintenance');
    },
    dropBeforeReply(method) {
      faults.dropBeforeReply.add(method);
    },
    cutNextOrder(processed) {
      faults.cutNextOrder = processed;
    },
    stop,
    [Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose')]: stop,
  } as DeribitSimulator;
}

/** `sim.waitFor`: the first event (earlier or later) that `match` accepts; rejects after `timeoutMs` or on stop. */
async function waitFor(
  events: BoundedLog<DeribitSimEvent>,
  pending: PendingWaits,
  stopped: () => boolean,
  match: DeribitSimEvent['type'] | ((event: DeribitSimEvent) => boolean),
  timeoutMs: number,
): Promise<DeribitSimEvent> {
  checkTimeout(timeoutMs, 'waitFor');
  const test = (e: DeribitSimEvent): boolean => {
    try {
      return typeof match === 'string' ? e.type === match : Boolean(match(e));
    } catch {
      return false;
    }
  };
  const earlier = events.items().find(test);
  if (earlier) return earlier;
  if (stopped()) throw new Error('waitFor: the simulator is stopped');
  const outcome = await waitUntil<DeribitSimEvent>(
    (found) => events.listen((e) => test(e) && found(e)),
    timeoutMs,
    pending,
  );
  if ('found' in outcome) return outcome.found;
  const what = typeof match === 'string' ? `"${match}" event` : 'matching event';
  const last = events
    .items()
    .slice(-5)
    .map((e) => JSON.stringify(e));
  throw new Error(
    `waitFor: no ${what} ${outcome.missed === 'stopped' ? 'before the simulator stopped' : `within ${timeoutMs} ms`}; last events: ${last.join(' ')}`,
  );
}
