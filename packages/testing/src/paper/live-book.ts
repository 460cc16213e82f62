/**
 * Mirrors a venue's live book into a simulator instrument's book as resting liquidity (`live-<price>` orders,
 * one per level), around the paper orders resting there too. Live liquidity that crosses a resting paper order
 * first trades against it (as market flow), then the level rests with what is left.
 */
import type { Side } from '../deribit/book.js';
import { type Instrument, toTick } from '../deribit/instrument.js';
import type { Engine } from '../deribit/matching.js';

/** A level as the venue sends it: Deribit `[action, price, amount]` or a plain `[price, amount]`. */
export type LiveLevel = readonly [string, number, number] | readonly [number, number];

const LIVE = 'live-';
const id = (price: number) => `${LIVE}${price}`;

const total = (inst: Instrument, side: Side): number =>
  (side === 'buy' ? inst.book.bids : inst.book.asks).reduce((sum, o) => sum + o.amount, 0);

/** Rests a live level at `price` (after its old one was removed), trading first with paper orders it crosses. */
function addLevel(engine: Engine, inst: Instrument, side: Side, price: number, amount: number): void {
  const contra: Side = side === 'buy' ? 'sell' : 'buy';
  const best = (contra === 'buy' ? inst.book.bids : inst.book.asks)[0];
  let left = amount;
  if (best && !best.id.startsWith(LIVE) && (side === 'buy' ? best.price <= price : best.price >= price)) {
    const before = total(inst, contra);
    engine.place(inst, undefined, {
      direction: side,
      amount,
      type: 'limit',
      price,
      timeInForce: 'immediate_or_cancel',
      postOnly: false,
      rejectPostOnly: false,
      reduceOnly: false,
      label: '',
    });
    left = amount - (before - total(inst, contra));
  }
  if (left > 0) inst.book.add(side, { id: id(price), price, amount: left });
}

/** Removes every live level of `inst` (paper orders stay). */
function clearLive(inst: Instrument): void {
  for (const side of ['buy', 'sell'] as const) {
    for (const o of [...(side === 'buy' ? inst.book.bids : inst.book.asks)]) {
      if (o.id.startsWith(LIVE)) inst.book.remove(side, o.id);
    }
  }
}

/**
 * Applies one live book message: a snapshot (`type: 'snapshot'`, or a full top-N without `type`) replaces the
 * live levels; a change (`type: 'change'`) updates the levels it names. The instrument's mid follows the best
 * live prices (for marks and price bands).
 */
export function applyLiveBook(
  engine: Engine,
  inst: Instrument,
  data: { type?: string; bids?: readonly LiveLevel[]; asks?: readonly LiveLevel[] },
): void {
  if (data.type !== 'change') clearLive(inst);
  const sides = [
    ['buy', data.bids ?? []],
    ['sell', data.asks ?? []],
  ] as const;
  const adds: Array<[Side, number, number]> = [];
  // every named level leaves first, so a message that moves both sides never crosses the live book with itself
  for (const [side, levels] of sides) {
    for (const level of levels) {
      const [price, amount] = level.length === 3 ? [level[1], level[0] === 'delete' ? 0 : level[2]] : level;
      const tick = toTick(inst, Number(price));
      inst.book.remove(side, id(tick));
      if (Number(amount) > 0) adds.push([side, tick, Number(amount)]);
    }
  }
  for (const [side, price, amount] of adds) addLevel(engine, inst, side, price, amount);
  const bid = inst.book.bids[0]?.price;
  const ask = inst.book.asks[0]?.price;
  if (bid !== undefined && ask !== undefined) inst.mid = toTick(inst, (bid + ask) / 2);
  if (inst.last === 0 || !Number.isFinite(inst.last)) inst.last = inst.mid;
}
