/**
 * `viaClient.orderBook(instrument)`: core's book engine fed from the venue stream, synced from a snapshot the
 * owning gateway fetches from the venue (Deribit `public/get_order_book`, Binance `depth`), then kept by the
 * venue's own sequence (Deribit `prev_change_id` chain, Binance `U`/`u` ranges). Snapshots the gateway publishes
 * itself (a new owner's resubscription) replace the book when they do not continue it.
 */
import { BookEngine, type LevelInput, type LocalBook } from '@zen-websocket/core/book';
import { checkKeys } from '@zen-websocket/core/internal';
import type { ViaClientImpl } from './via.js';

/** Options of `viaClient.orderBook(instrument, options)`. Unknown keys are refused with a TypeError. */
export interface ViaBookOptions {
  /** Deribit: the book channel's interval (default `100ms`). Binance: the diff stream's speed (default `100ms`). */
  interval?: string;
  /** Levels in the snapshot request (default: Deribit 10 000, Binance 1000). */
  depth?: number;
  /** No update for this long while synced → `stale` (default 10 000 ms; 0: off). */
  staleAfterMs?: number;
  /** Backoff between resyncs in a row, ms (default base 250, cap 10 000). */
  backoff?: { base: number; cap: number };
}

const OPTIONS = ['interval', 'depth', 'staleAfterMs', 'backoff'];

type Obj = Record<string, unknown>;

/** `[action, price, amount]` (Deribit changes) or `[price, amount]` → `[price, amount]`; delete → 0. */
function levels(entries: unknown): LevelInput[] {
  if (!Array.isArray(entries)) return [];
  return entries.map((e: unknown[]) =>
    typeof e[0] === 'string' && e.length === 3
      ? ([Number(e[1]), e[0] === 'delete' ? 0 : Number(e[2])] as LevelInput)
      : ([Number(e[0]), Number(e[1])] as LevelInput),
  );
}

/** A venue's book recipe: its channel, how its diffs chain, its snapshot request, how to read a message. */
interface Recipe {
  channel: string;
  sequence: 'chain' | 'range';
  snapshot(): Promise<{ id: number; bids: LevelInput[]; asks: LevelInput[]; timestamp?: number | undefined }>;
  onMessage(data: Obj, book: BookEngine): void;
}

function deribitRecipe(client: ViaClientImpl, instrument: string, o: ViaBookOptions): Recipe {
  const channel = `book.${instrument}.${o.interval ?? '100ms'}`;
  return {
    channel,
    sequence: 'chain',
    async snapshot() {
      const r = await client.request<Obj>('public/get_order_book', {
        instrument_name: instrument,
        depth: o.depth ?? 10_000,
      });
      return {
        id: Number(r.change_id),
        bids: levels(r.bids),
        asks: levels(r.asks),
        timestamp: typeof r.timestamp === 'number' ? r.timestamp : undefined,
      };
    },
    onMessage(d, book) {
      const common = { bids: levels(d.bids), asks: levels(d.asks), timestamp: d.timestamp as number | undefined };
      const id = Number(d.change_id);
      if (d.type === 'snapshot') {
        // a gateway's (re)subscription: the same id continues the book; another id replaces it
        if (book.changeId >= 0 && id === book.changeId) return;
        if (book.changeId >= 0 && (book.state === 'synced' || book.state === 'stale'))
          book.gap('reconnected', book.changeId, id);
        book.load({ id, ...common });
      } else {
        book.apply({ first: Number(d.prev_change_id ?? Number.NaN), last: id, ...common });
      }
    },
  };
}

function binanceRecipe(client: ViaClientImpl, instrument: string, o: ViaBookOptions): Recipe {
  const symbol = instrument.toUpperCase();
  const interval = o.interval ?? '100ms';
  const channel = `${instrument.toLowerCase()}@depth${interval === '1000ms' ? '' : `@${interval}`}`;
  return {
    channel,
    sequence: 'range',
    async snapshot() {
      const raw = await client.request<Obj>('depth', { symbol, limit: o.depth ?? 1000 });
      // a BinanceApi answers { status, result, rateLimits }; a plain request function answers the result
      const r = (raw.result && typeof raw.result === 'object' ? raw.result : raw) as Obj;
      return { id: Number(r.lastUpdateId), bids: levels(r.bids), asks: levels(r.asks) };
    },
    onMessage(d, book) {
      book.apply({
        first: Number(d.U),
        last: Number(d.u),
        bids: levels(d.b),
        asks: levels(d.a),
        timestamp: typeof d.E === 'number' ? d.E : undefined,
      });
    },
  };
}

const RECIPES: Record<string, (client: ViaClientImpl, instrument: string, o: ViaBookOptions) => Recipe> = {
  deribit: deribitRecipe,
  binance: binanceRecipe,
};

/** Builds the book (see the module comment). */
export function viaBook(client: ViaClientImpl, instrument: string, options: ViaBookOptions = {}): LocalBook {
  if (typeof instrument !== 'string' || !/^[A-Za-z0-9_-]+$/.test(instrument))
    throw new TypeError(`orderBook: instrument must be a name such as "BTC-PERPETUAL", got ${String(instrument)}`);
  checkKeys('orderBook', options, OPTIONS, true);
  const recipe = RECIPES[client.venue];
  if (!recipe)
    throw new TypeError(
      `orderBook: books through NATS are built for ${Object.keys(RECIPES).join(' and ')}; read ${client.venue}'s book channel with subscribe()`,
    );
  const r = recipe(client, instrument, options);
  let subscribed: Promise<unknown> | undefined;
  const handler = (data: unknown): void => {
    if (data && typeof data === 'object') r.onMessage(data as Obj, book);
  };
  const offs: Array<() => void> = [];
  const book: BookEngine = new BookEngine({
    instrument,
    sequence: r.sequence,
    staleAfterMs: options.staleAfterMs ?? 10_000,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    // the diffs are being read (and buffered) before the snapshot is asked for
    async resync() {
      subscribed ??= client.subscribe(r.channel, handler).catch((error: unknown) => {
        subscribed = undefined;
        throw error;
      });
      await subscribed;
      return r.snapshot();
    },
    async stop() {
      for (const off of offs) off();
      client.forget(book);
      if (subscribed) await client.unsubscribe(r.channel).catch(() => {});
    },
  });
  offs.push(
    book.on('gap', ({ reason, expected, received }) => client.gap({ channel: r.channel, reason, expected, received })),
    client.on('state', ({ to }) => {
      if (to !== 'connected') book.markStale(`NATS ${to}`);
    }),
  );
  book.start();
  return book;
}
