/**
 * The simulated market around the user's orders: a market maker quoting ten levels each side of a random-walk
 * mid, random taker flow that trades against the book (user orders included), and the publication of every book
 * change with `prev_change_id`/`change_id` continuity — except where a test injected a gap.
 */
import { createRandom } from '../kit/random.js';
import type { Side } from './book.js';
import { createInstrument, type Instrument, toTick } from './instrument.js';
import type { Engine } from './matching.js';
import type { SimSettings } from './options.js';
import type { Publisher } from './publish.js';

export interface Market {
  readonly instruments: ReadonlyMap<string, Instrument>;
  /** Runs `change` and publishes the book change it caused, if any. */
  mutate<T>(inst: Instrument, change: () => T): T;
  /** One feed step for every instrument: quotes move, flow may trade; tickers and indexes are published. */
  step(): void;
  /** The next book change of this instrument is not sent. */
  gap(instrument: string): void;
}

const LEVELS = 10;

/**
 * Creates the market with its initial quotes.
 *
 * @example
 * const market = createMarket(settings, engine, publisher, onGap);
 * market.step();
 */
export function createMarket(
  settings: SimSettings,
  engine: Engine,
  publisher: Publisher,
  onGap: (instrument: string, changeId: number) => void,
): Market {
  const random = createRandom(settings.seed);
  const instruments = new Map(settings.instruments.map((spec, i) => [spec.name, createInstrument(spec, i + 1)]));
  const gaps = new Set<string>();
  let mmSeq = 0;

  const stepOf = (inst: Instrument) => Math.max(inst.spec.tickSize, toTick(inst, inst.mid * 0.0001));
  const amount = (inst: Instrument) => inst.spec.contractSize * (1 + Math.floor(random() * 50));
  const isMm = (id: string) => id.startsWith('mm-');

  const requote = (inst: Instrument): void => {
    const { book } = inst;
    for (const side of ['buy', 'sell'] as const) {
      const sign = side === 'buy' ? -1 : 1;
      const wanted = new Set(
        Array.from({ length: LEVELS }, (_, i) => toTick(inst, inst.mid + sign * (i + 1) * stepOf(inst))),
      );
      const list = side === 'buy' ? book.bids : book.asks;
      for (const o of [...list]) if (isMm(o.id) && !wanted.has(o.price)) book.remove(side, o.id);
      for (const price of wanted) {
        if (list.some((o) => isMm(o.id) && o.price === price) || crosses(inst, side, price)) continue;
        book.add(side, { id: `mm-${++mmSeq}`, price, amount: amount(inst) });
      }
    }
  };

  const resizeOne = (inst: Instrument): void => {
    const side: Side = random() < 0.5 ? 'buy' : 'sell';
    const quotes = (side === 'buy' ? inst.book.bids : inst.book.asks).filter((o) => isMm(o.id));
    const target = quotes[Math.floor(random() * quotes.length)];
    if (target) target.amount = amount(inst);
  };

  const flow = (inst: Instrument): void => {
    const direction: Side = random() < 0.5 ? 'buy' : 'sell';
    engine.place(inst, undefined, {
      direction,
      amount: inst.spec.contractSize * (1 + Math.floor(random() * 5)),
      type: 'market',
      timeInForce: 'immediate_or_cancel',
      postOnly: false,
      rejectPostOnly: false,
      reduceOnly: false,
      label: '',
    });
  };

  const market: Market = {
    instruments,
    mutate(inst, change) {
      const before = inst.book.mark();
      const result = change();
      const diff = inst.book.diff(before);
      if (!diff) return result;
      const prevChangeId = inst.changeId;
      inst.changeId += 1 + Math.floor(random() * 3);
      if (gaps.delete(inst.name)) onGap(inst.name, inst.changeId);
      else publisher.book(inst, { prevChangeId, ...diff });
      return result;
    },
    step() {
      for (const inst of instruments.values()) {
        market.mutate(inst, () => {
          if (random() < 0.3) inst.mid = toTick(inst, inst.mid + (random() < 0.5 ? -1 : 1) * stepOf(inst));
          requote(inst);
          resizeOne(inst);
          if (random() < 0.25) flow(inst);
          engine.triggerStops(inst);
        });
        publisher.ticker(inst);
        publisher.index(inst);
      }
    },
    gap(instrument) {
      gaps.add(instrument);
    },
  };
  for (const inst of instruments.values()) requote(inst);
  return market;
}

function crosses(inst: Instrument, side: Side, price: number): boolean {
  const best = (side === 'buy' ? inst.book.asks : inst.book.bids)[0]?.price;
  return best !== undefined && (side === 'buy' ? price >= best : price <= best);
}
