// The order-book benchmark: 1,000,000 price-level diffs (in 100,000 Binance-shaped depth messages) applied to
// zen-websocket's LocalBook (the built @zen-websocket/core/book), to ccxt's own OrderBook class (ccxt pro, as its
// Binance handler feeds it: parseFloat each level, then store) and to a naive Map + sort. Each implementation
// runs in a fresh process, alternating, several rounds; the report gives medians and ratios from one run.
//
//   node bench/book.mjs [--quick] [--rounds N]          prints a markdown section
//   (npm run bench runs it too and appends the section to its report)
//
// Every 100 messages the top 10 levels of each side are read (a strategy sampling the book); the three books
// must agree on them at the end, or the run fails. Memory is the heap retained by the book after gc().
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const BOOK = path.join(root, 'packages', 'core', 'dist', 'book.js');
const CCXT = path.join(root, 'tools', 'ccxt', 'node_modules', 'ccxt', 'js', 'src', 'base', 'ws', 'OrderBook.js');
const IMPLS = ['zen', 'ccxt', 'naive'];
const LABEL = { zen: 'zen-websocket LocalBook', ccxt: 'ccxt OrderBook (4.5)', naive: 'naive Map + sort' };

/** Seeded generator (mulberry32): every process builds the same stream. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A snapshot of 5,000 levels a side around 65,000.00 (tick 0.01) and `messages` diffs shaped like Binance's
 * `depth@100ms`: 1–19 levels each (10 on average), 70% within 50 ticks of the touch, 25% within 1,000, the rest
 * deeper; a quarter are removals ("0"); the mid price drifts by a tick now and then.
 */
function stream(messages) {
  const r = random(42);
  const qty = () => (r() * 3).toFixed(8);
  const px = (tick) => (tick / 100).toFixed(2);
  let mid = 6_500_000;
  const snapshot = { lastUpdateId: 1000, bids: [], asks: [] };
  for (let i = 1; i <= 5000; i++) {
    snapshot.bids.push([px(mid - i), qty()]);
    snapshot.asks.push([px(mid + i), qty()]);
  }
  const out = [];
  let id = 1001;
  let levels = 0;
  for (let m = 0; m < messages; m++) {
    if (r() < 0.1) mid += r() < 0.5 ? -1 : 1;
    const b = [];
    const a = [];
    const n = 1 + Math.floor(r() * 19);
    for (let k = 0; k < n; k++) {
      const u = r();
      const depth = 1 + Math.floor(u < 0.7 ? r() * 50 : u < 0.95 ? r() * 1000 : r() * 5000);
      const bid = r() < 0.5;
      const tick = bid ? mid - depth : mid + depth;
      (bid ? b : a).push([px(tick), r() < 0.25 ? '0.00000000' : qty()]);
    }
    levels += n;
    out.push({ e: 'depthUpdate', E: 0, s: 'BTCUSDT', U: id, u: id + n - 1, b, a });
    id += n;
  }
  return { snapshot, messages: out, levels };
}

/** One implementation: load, apply, read; returns its own view of the top 10 for the cross-check. */
async function makeImpl(name) {
  if (name === 'zen') {
    const { BookEngine } = await import(pathToFileURL(BOOK).href);
    let book;
    return {
      load(s) {
        book = new BookEngine({ instrument: 'BTCUSDT', sequence: 'range', resync: async () => undefined });
        book.load({ id: s.lastUpdateId, bids: s.bids, asks: s.asks });
      },
      apply(d) {
        book.apply({ first: d.U, last: d.u, bids: d.b, asks: d.a, timestamp: d.E });
      },
      top: (n) => [book.bids(n), book.asks(n)],
      keep: () => book,
    };
  }
  if (name === 'ccxt') {
    const { OrderBook } = await import(pathToFileURL(CCXT).href);
    let book;
    const deltas = (side, list) => {
      for (const level of list) side.store(Number.parseFloat(level[0]), Number.parseFloat(level[1]));
    };
    return {
      load(s) {
        book = new OrderBook({}, 5000);
        deltas(book.bids, s.bids);
        deltas(book.asks, s.asks);
        book.nonce = s.lastUpdateId;
      },
      apply(d) {
        deltas(book.asks, d.a);
        deltas(book.bids, d.b);
        book.nonce = d.u;
      },
      top: (n) => [book.bids.slice(0, n).map((l) => [l[0], l[1]]), book.asks.slice(0, n).map((l) => [l[0], l[1]])],
      keep: () => book,
    };
  }
  let bids;
  let asks;
  const set = (map, list) => {
    for (const [p, q] of list) {
      const price = Number.parseFloat(p);
      const size = Number.parseFloat(q);
      if (size === 0) map.delete(price);
      else map.set(price, size);
    }
  };
  const sorted = (map, desc, n) =>
    [...map.keys()]
      .sort((x, y) => (desc ? y - x : x - y))
      .slice(0, n)
      .map((p) => [p, map.get(p)]);
  return {
    load(s) {
      bids = new Map();
      asks = new Map();
      set(bids, s.bids);
      set(asks, s.asks);
    },
    apply(d) {
      set(bids, d.b);
      set(asks, d.a);
    },
    top: (n) => [sorted(bids, true, n), sorted(asks, false, n)],
    keep: () => [bids, asks],
  };
}

const heap = () => {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
};

/** Child process: one trial of one implementation; prints a JSON line. */
async function trial(name, messages) {
  const { snapshot, messages: diffs, levels } = stream(messages);
  const impl = await makeImpl(name);
  const before = heap();
  impl.load(snapshot);
  let reads = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < diffs.length; i++) {
    impl.apply(diffs[i]);
    if (i % 100 === 99) reads += impl.top(10)[0].length;
  }
  const ns = Number(process.hrtime.bigint() - started);
  const kept = impl.keep();
  const bytes = heap() - before;
  const top = impl.top(10);
  // the stream stays reachable until here, so only the book's own growth is counted
  if (kept === undefined || reads === 0 || diffs.length + snapshot.bids.length === 0)
    throw new Error('nothing measured');
  console.log(JSON.stringify({ name, levels, ns, levelsPerSec: levels / (ns / 1e9), bytes, top }));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/**
 * Runs every implementation `rounds` times (alternating, fresh processes) and returns a markdown section with
 * throughput and memory, and the ratios of LocalBook to ccxt and to the naive book.
 */
export function bookBench({ quick = false, rounds = quick ? 1 : 3 } = {}) {
  if (!existsSync(BOOK))
    return '## order book\n\nSkipped: packages/core/dist/book.js is missing (run `npm run build`).\n';
  const impls = IMPLS.filter((i) => i !== 'ccxt' || existsSync(CCXT));
  const messages = quick ? 5_000 : 100_000;
  const runs = Object.fromEntries(impls.map((i) => [i, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < impls.length; k++) {
      const name = impls[(k + round) % impls.length];
      const out = spawnSync(
        process.execPath,
        ['--expose-gc', fileURLToPath(import.meta.url), '--trial', name, String(messages)],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: 600_000,
        },
      );
      if (out.status !== 0) throw new Error(`book bench ${name} failed: ${out.stderr || out.error}`);
      runs[name].push(JSON.parse(out.stdout.trim().split('\n').pop()));
    }
  }
  const agree = JSON.stringify(runs.zen[0].top);
  for (const name of impls) {
    if (JSON.stringify(runs[name][0].top) !== agree) throw new Error(`book bench: ${name} ends with a different book`);
  }
  const stat = (name) => ({
    rate: median(runs[name].map((r) => r.levelsPerSec)),
    bytes: median(runs[name].map((r) => r.bytes)),
  });
  const zen = stat('zen');
  const rows = impls.map((name) => {
    const s = stat(name);
    const ratio =
      name === 'zen'
        ? '—'
        : `${(zen.rate / s.rate).toFixed(2)}× faster, ${(zen.bytes / s.bytes).toFixed(2)}× the memory`;
    return `| ${LABEL[name]} | ${Math.round(s.rate).toLocaleString('en-US')} | ${(s.bytes / 1024 / 1024).toFixed(2)} MiB | ${ratio} |`;
  });
  const levels = runs.zen[0].levels;
  return [
    '## order book',
    '',
    `${levels.toLocaleString('en-US')} price-level diffs in ${messages.toLocaleString('en-US')} Binance-shaped messages on a 5,000-level-a-side book,`,
    `top 10 read every 100 messages; medians of ${rounds} round(s), fresh process each. Ratio: LocalBook against the row.`,
    '',
    '| implementation | levels/s | retained heap | LocalBook vs this |',
    '|---|---|---|---|',
    ...rows,
    '',
    ...(impls.includes('ccxt')
      ? []
      : ['ccxt is not installed (`npm install --prefix tools/ccxt`): its row is missing.', '']),
  ].join('\n');
}

const argv = process.argv.slice(2);
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (argv[0] === '--trial') await trial(argv[1], Number(argv[2]));
  else {
    const quick = argv.includes('--quick');
    const r = argv.indexOf('--rounds');
    console.log(bookBench({ quick, ...(r >= 0 ? { rounds: Number(argv[r + 1]) } : {}) }));
  }
}
