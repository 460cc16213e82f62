/**
 * Deribit paper trading: the simulator's matching engine, ledger and private methods running in-process, with
 * the instruments' books fed from a live connection instead of the simulated market. The Deribit adapter loads
 * this module only when `paper` is on.
 */
import { checkKeys } from '@zen-websocket/core/internal';
import { parseChannel } from '../deribit/channels.js';
import type { CallContext, SimContext } from '../deribit/context.js';
import { createSimClock } from '../deribit/envelope.js';
import { createInstrument, type Instrument } from '../deribit/instrument.js';
import { createLedger } from '../deribit/ledger.js';
import { createEngine } from '../deribit/matching.js';
import { PRIVATE_METHODS } from '../deribit/methods-private.js';
import { resolveSimOptions } from '../deribit/options.js';
import type { Params } from '../deribit/params.js';
import { createPublisher } from '../deribit/publish.js';
import { DeribitFault } from '../deribit/rpc-error.js';
import type { Session } from '../deribit/session.js';
import { applyLiveBook, type LiveLevel } from './live-book.js';

/** Options of a Deribit paper engine (the adapter's `paper: { … }`). */
export interface DeribitPaperEngineOptions {
  /** Starting balances per currency (default the simulator's: `{ BTC: 10, ETH: 100, USDC: 100000 }`). */
  balances?: Record<string, number>;
  /** Tradable instruments (default the simulator's `BTC-PERPETUAL` and `ETH-PERPETUAL`). */
  instruments?: Array<{ name: string; tickSize: number; contractSize: number; price: number }>;
  /** Book interval the adapter feeds (not read by the engine). */
  bookInterval?: string;
}

/** A refusal, shaped like Deribit's `error` member. */
export interface PaperRefusal {
  code: number;
  message: string;
  data?: unknown;
}

/** The engine the adapter drives. */
export interface DeribitPaperEngine {
  /** Whether `method` is answered by the engine (every `private/…` method). */
  handles(method: string): boolean;
  /** Answers a private method: `{ result }` or `{ error }`, as Deribit would. */
  request(method: string, params: Params | undefined): { result: unknown } | { error: PaperRefusal };
  /** The instrument an order request needs a live book of (undefined: none needed or unknown). */
  instrumentOf(method: string, params: Params | undefined): string | undefined;
  /** Subscribes private (`user.*`) channels; returns the ones it serves, as Deribit's subscribe result does. */
  subscribe(channels: readonly string[]): string[];
  unsubscribe(channels: readonly string[]): void;
  /** Receives every private notification `{ jsonrpc, method: 'subscription', params: { channel, data } }`. */
  onNotification(handler: (message: Record<string, unknown>) => void): void;
  /** Feeds one live book message (`book.<instrument>.<interval>` data) of `instrument`. */
  feedBook(instrument: string, data: { type?: string; bids?: LiveLevel[]; asks?: LiveLevel[] }): void;
  /** Whether a live book of `instrument` has arrived. */
  hasBook(instrument: string): boolean;
}

const ACCOUNT = 'paper';

/** The simulator's settings for the paper options; a bad one is reported as `paper.<name>`, as the user wrote it. */
function paperSettings(options: DeribitPaperEngineOptions): ReturnType<typeof resolveSimOptions> {
  try {
    return resolveSimOptions({
      ...(options.balances && { balances: options.balances }),
      ...(options.instruments && { instruments: options.instruments }),
      feedIntervalMs: 0,
    });
  } catch (error) {
    const prefix = 'startDeribitSimulator: options.';
    if (!(error instanceof Error) || !error.message.startsWith(prefix)) throw error;
    const Type = error instanceof RangeError ? RangeError : TypeError;
    throw new Type(`paper.${error.message.slice(prefix.length)}`);
  }
}

/**
 * Creates a paper engine. Deterministic: the same requests over the same book messages give the same orders,
 * ids and fills (timestamps aside).
 *
 * @example
 * const engine = createDeribitPaperEngine({ balances: { BTC: 1 } });
 * engine.feedBook('BTC-PERPETUAL', { type: 'snapshot', bids: [['new', 64000, 100]], asks: [['new', 64001, 100]] });
 * engine.request('private/buy', { instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market' });
 */
export function createDeribitPaperEngine(options: DeribitPaperEngineOptions = {}): DeribitPaperEngine {
  checkKeys('paper', options, ['balances', 'instruments', 'bookInterval']);
  if (options.bookInterval !== undefined && options.bookInterval !== '100ms' && options.bookInterval !== 'raw') {
    throw new RangeError(`paper.bookInterval must be "100ms" or "raw", got ${JSON.stringify(options.bookInterval)}`);
  }
  const settings = paperSettings(options);
  const clock = createSimClock(0);
  const instruments = new Map(settings.instruments.map((spec, i) => [spec.name, createInstrument(spec, i + 1)]));
  const fed = new Set<string>();
  let deliver: (message: Record<string, unknown>) => void = () => {};
  const session = {
    id: 1,
    subs: new Map(),
    token: undefined,
    cod: false,
    loggedOut: false,
    send: (message: object) => deliver(message as Record<string, unknown>),
    account: () => ACCOUNT,
  } as unknown as Session;
  const publisher = createPublisher(() => [session], clock, {
    position: (account, inst) => ledger.position(account, inst, engine.entries()),
    summary: (account, currency) => ledger.summary(account, currency, engine.entries()),
  });
  const engine = createEngine(clock, publisher, (owner, inst, direction, amount, price, fee) =>
    ledger.fill(owner.account, inst, direction, amount, price, fee),
  );
  const ledger = createLedger(settings.balances, instruments);
  const market = {
    instruments,
    mutate<T>(inst: Instrument, change: () => T): T {
      const result = change();
      engine.triggerStops(inst);
      return result;
    },
    step() {},
    gap() {},
  };
  const sim = {
    settings,
    clock,
    market,
    engine,
    ledger,
    publisher,
    sessions: new Set([session]),
    codDefaults: new Map(),
  };
  const call = (params: Params): CallContext => ({
    sim: {
      ...sim,
      auth: { closed() {} },
      faults: { maintenance: false, dropBeforeReply: new Set() },
      log() {},
      isStalled: () => false,
      close() {},
    } as unknown as SimContext,
    session,
    params,
    account: ACCOUNT,
    after: () => {},
  });

  return {
    handles: (method) => method.startsWith('private/'),
    request(method, params = {}) {
      const handler = PRIVATE_METHODS[method];
      if (!handler) return { error: { code: -32601, message: 'Method not found', data: { method } } };
      try {
        return { result: handler(call(params)) };
      } catch (error) {
        if (error instanceof DeribitFault) return { error: error.toJSON() };
        throw error;
      }
    },
    instrumentOf(method, params) {
      const name = params?.instrument_name;
      if (typeof name === 'string' && instruments.has(name)) return name;
      if (method !== 'private/edit' || typeof params?.order_id !== 'string') return undefined;
      return engine.entries().find((e) => e.order.order_id === params.order_id)?.inst.name;
    },
    subscribe(channels) {
      const served = channels.filter((c) => c.startsWith('user.') && parseChannel(c, instruments));
      for (const c of served) session.subs.set(c, parseChannel(c, instruments) as never);
      return served;
    },
    unsubscribe(channels) {
      for (const c of channels) session.subs.delete(c);
    },
    onNotification(handler) {
      deliver = handler;
    },
    feedBook(instrument, data) {
      const inst = instruments.get(instrument);
      if (!inst) return;
      fed.add(instrument);
      applyLiveBook(engine, inst, data);
      engine.triggerStops(inst);
    },
    hasBook: (instrument) => fed.has(instrument),
  };
}
