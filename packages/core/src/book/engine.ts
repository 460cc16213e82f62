import type { BackoffPolicy } from '../backoff.js';
import { type Clock, systemClock } from '../clock.js';
import { describeValue, ZenError } from '../errors.js';
import { EventHub, type Unsubscribe } from '../events.js';
import { checkKeys } from '../strict.js';
import type { BookChecksum } from './checksum.js';
import { type Sequence, verdict } from './continuity.js';
import { ResyncGate } from './gate.js';
import { BookSide, type Level, type LevelInput } from './side.js';
import type { BestLevels, BookDiff, BookEvents, BookSnapshot, BookState, LocalBook } from './types.js';

/** Options of {@link BookEngine}. */
export interface BookEngineOptions {
  instrument: string;
  /** How the venue's diffs chain. */
  sequence: Sequence;
  /**
   * Starts a resync: resolve with a snapshot, or with nothing when the snapshot will come through
   * {@link BookEngine.load} (a resubscription). A rejection is reported on `error` and retried with backoff.
   */
  resync: () => Promise<BookSnapshot | undefined>;
  /** Called once by `close()`: unsubscribe, stop listening. */
  stop?: () => Promise<void> | void;
  /** Backoff between resyncs in a row, ms (default base 250, cap 10 000). */
  backoff?: BackoffPolicy;
  /** No update for this long while synced → `stale` (default 0: off). */
  staleAfterMs?: number;
  /** Verifies diffs that carry a checksum. */
  checksum?: BookChecksum;
  /** Diffs kept while (re)syncing; the oldest go first (default 10 000). */
  maxBuffer?: number;
  clock?: Clock;
  random?: () => number;
}

const OPTION_NAMES = [
  'instrument',
  'sequence',
  'resync',
  'stop',
  'backoff',
  'staleAfterMs',
  'checksum',
  'maxBuffer',
  'clock',
  'random',
];

/**
 * The venue-neutral book engine behind every venue's `orderBook()`: applies snapshots and diffs, checks that
 * diffs chain, buffers while syncing, reports each break as a `gap` and resyncs through a backoff gate. Venue
 * packages feed it; applications read it as a {@link LocalBook}.
 *
 * @example
 * const book = new BookEngine({ instrument: 'X', sequence: 'range', resync: async () => fetchSnapshot() });
 * book.start();
 * onDiff((d) => book.apply({ first: d.U, last: d.u, bids: d.b, asks: d.a }));
 */
export class BookEngine implements LocalBook {
  readonly instrument: string;
  #state: BookState = 'syncing';
  #id = -1;
  #time = 0;
  #lastSeen = 0;
  readonly #bids: BookSide;
  readonly #asks: BookSide;
  readonly #events = new EventHub<BookEvents>();
  readonly #o: BookEngineOptions;
  readonly #clock: Clock;
  readonly #gate: ResyncGate;
  #buffer: BookDiff[] = [];
  #staleTimer: unknown;
  #closed = false;
  #round = 0;
  /** Why the last snapshot could not be had (cleared when one is applied): `synced()`'s timeout says it. */
  #lastFailure: unknown;
  readonly #onClose = new Set<() => void>();

  constructor(options: BookEngineOptions) {
    checkKeys('BookEngine', options, OPTION_NAMES);
    if (options.sequence !== 'range' && options.sequence !== 'chain')
      throw new TypeError(`BookEngine: options.sequence must be 'range' or 'chain', got ${String(options.sequence)}`);
    if (typeof options.resync !== 'function')
      throw new TypeError('BookEngine: options.resync must be a function that starts a resync');
    this.#o = options;
    this.instrument = options.instrument;
    this.#clock = options.clock ?? systemClock;
    const keep = options.checksum !== undefined;
    this.#bids = new BookSide(1, keep);
    this.#asks = new BookSide(-1, keep);
    this.#gate = new ResyncGate(
      this.#clock,
      options.backoff ?? { base: 250, cap: 10_000 },
      options.random ?? Math.random,
    );
  }

  get state(): BookState {
    return this.#state;
  }
  get lastUpdateId(): number {
    return this.#id;
  }
  get changeId(): number {
    return this.#id;
  }
  get timestamp(): number {
    return this.#time;
  }

  bids(n = Number.POSITIVE_INFINITY): Level[] {
    return this.#bids.top(n);
  }
  asks(n = Number.POSITIVE_INFINITY): Level[] {
    return this.#asks.top(n);
  }
  best(): BestLevels {
    return { bid: this.#bids.best(), ask: this.#asks.best() };
  }
  spread(): number | undefined {
    const bid = this.#bids.best();
    const ask = this.#asks.best();
    return bid && ask ? ask[0] - bid[0] : undefined;
  }
  depthAt(price: number): number {
    return this.#bids.sizeAt(price) || this.#asks.sizeAt(price);
  }

  on<K extends keyof BookEvents>(type: K, handler: (payload: BookEvents[K]) => void): Unsubscribe {
    return this.#events.on(type, handler);
  }

  synced(timeoutMs = 10_000): Promise<void> {
    if (this.#state === 'synced') return Promise.resolve();
    if (this.#closed) return Promise.reject(new ZenError('closed', `order book ${this.instrument} is closed`));
    return new Promise((resolve, reject) => {
      const timer = this.#clock.setTimeout(() => {
        off();
        const failed = this.#lastFailure;
        const why = failed === undefined ? '' : `; the last snapshot failed: ${describeValue(failed)}`;
        const message = `order book ${this.instrument} not synced within ${timeoutMs} ms${why}`;
        reject(new ZenError('timeout', message, failed === undefined ? {} : { cause: failed }));
      }, timeoutMs);
      const closed = (): void => {
        off();
        this.#clock.clearTimeout(timer);
        reject(new ZenError('closed', `order book ${this.instrument} is closed`));
      };
      const stopWaiting = this.on('state', ({ to }) => {
        if (to !== 'synced') return;
        off();
        this.#clock.clearTimeout(timer);
        resolve();
      });
      const off = (): void => {
        stopWaiting();
        this.#onClose.delete(closed);
      };
      this.#onClose.add(closed);
    });
  }

  /** Starts the first sync. */
  start(): void {
    this.#requestResync();
  }

  /** Replaces the book with a venue snapshot, then applies the buffered diffs that follow it. */
  load(snapshot: BookSnapshot): void {
    if (this.#closed) return;
    this.#gate.cancel();
    this.#round++; // a snapshot in flight from an earlier request is no longer wanted
    this.#lastFailure = undefined;
    this.#bids.clear();
    this.#asks.clear();
    for (const level of snapshot.bids) this.#bids.set(level);
    for (const level of snapshot.asks) this.#asks.set(level);
    this.#id = snapshot.id;
    this.#time = snapshot.timestamp ?? this.#time;
    this.#lastSeen = this.#clock.now();
    const buffered = this.#buffer;
    this.#buffer = [];
    this.#emitUpdate([], [], true);
    for (const diff of buffered) {
      if (!this.#applyOne(diff, this.#state)) return;
    }
    this.#setState('synced', 'snapshot applied');
    this.#armStale();
  }

  /** Applies one diff (buffered while the book is being built). */
  apply(diff: BookDiff): void {
    if (this.#closed) return;
    if (this.#state === 'syncing' || this.#state === 'resyncing') {
      this.#buffer.push(diff);
      if (this.#buffer.length > (this.#o.maxBuffer ?? 10_000)) this.#buffer.shift();
      return;
    }
    if (this.#applyOne(diff, this.#state) && this.#state === 'stale') this.#setState('synced', 'updates resumed');
  }

  /** A break the venue layer saw itself (a reconnect that lost updates, a refused resubscribe…). */
  gap(reason: string, expected = this.#id, received = -1): void {
    if (this.#closed) return;
    this.#events.emit('gap', { reason, expected, received });
    this.#requestResync(reason);
  }

  /** The book may be old (connection down): `stale` until the next diff proves it continuous. */
  markStale(reason: string): void {
    if (this.#state === 'synced') this.#setState('stale', reason);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#gate.cancel();
    if (this.#staleTimer !== undefined) this.#clock.clearTimeout(this.#staleTimer);
    this.#buffer = [];
    for (const reject of [...this.#onClose]) reject();
    try {
      await this.#o.stop?.();
    } finally {
      this.#events.clear();
    }
  }

  /** Checks and applies a diff; false when it broke continuity (a resync is under way then). */
  #applyOne(diff: BookDiff, state: BookState): boolean {
    const v = verdict(this.#o.sequence, this.#id, diff.first, diff.last);
    if (v === 'old') return true;
    if (v === 'gap') {
      const expected = this.#o.sequence === 'range' ? this.#id + 1 : this.#id;
      this.#events.emit('gap', { reason: 'sequence', expected, received: diff.first });
      this.#requestResync('sequence gap', state);
      return false;
    }
    const listen = this.#events.has('update');
    const bids = this.#setAll(this.#bids, diff.bids, listen);
    const asks = this.#setAll(this.#asks, diff.asks, listen);
    this.#id = diff.last;
    if (diff.timestamp !== undefined) this.#time = diff.timestamp;
    this.#lastSeen = this.#clock.now();
    if (diff.checksum !== undefined && this.#o.checksum) {
      const own = this.#o.checksum({ levels: (side, n) => (side === 'bids' ? this.#bids : this.#asks).topText(n) });
      if (own !== diff.checksum) {
        this.#events.emit('gap', { reason: 'checksum', expected: own, received: diff.checksum });
        this.#requestResync('checksum mismatch', state);
        return false;
      }
    }
    if (listen) this.#emitUpdate(bids as Level[], asks as Level[], false);
    return true;
  }

  #setAll(side: BookSide, levels: readonly LevelInput[], collect: boolean): Level[] | undefined {
    const changed: Level[] | undefined = collect ? [] : undefined;
    for (const level of levels) if (side.set(level) && changed) changed.push([+level[0], +level[1]]);
    return changed;
  }

  #emitUpdate(bids: Level[], asks: Level[], snapshot: boolean): void {
    if (this.#events.has('update')) {
      this.#events.emit('update', { bids, asks, id: this.#id, timestamp: this.#time, snapshot });
    }
  }

  #requestResync(reason = 'start', from: BookState = this.#state): void {
    if (this.#closed) return;
    this.#buffer = [];
    if (from !== 'syncing') this.#setState('resyncing', reason);
    const round = ++this.#round;
    this.#gate.schedule(() => {
      if (round !== this.#round || this.#closed) return;
      this.#o.resync().then(
        (snapshot) => {
          if (snapshot && round === this.#round) this.load(snapshot);
        },
        (cause: unknown) => {
          if (round !== this.#round || this.#closed) return;
          this.#lastFailure = cause;
          this.#events.emit(
            'error',
            new ZenError('connection_error', `order book ${this.instrument}: resync failed`, { cause }),
          );
          this.#requestResync('resync failed');
        },
      );
    });
  }

  #setState(to: BookState, reason: string): void {
    const from = this.#state;
    if (from === to || this.#closed) return;
    this.#state = to;
    this.#events.emit('state', { from, to, reason });
  }

  #armStale(): void {
    const after = this.#o.staleAfterMs ?? 0;
    if (after <= 0 || this.#staleTimer !== undefined) return;
    const check = (): void => {
      this.#staleTimer = undefined;
      if (this.#closed) return;
      const idle = this.#clock.now() - this.#lastSeen;
      if (idle >= after) this.markStale(`no update for ${Math.round(idle)} ms`);
      this.#staleTimer = this.#clock.setTimeout(check, Math.max(1, after - (idle >= after ? 0 : idle)));
    };
    this.#staleTimer = this.#clock.setTimeout(check, after);
  }
}
