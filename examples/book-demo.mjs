// The order-book part of `npm start`: a live top-of-book for Binance and Deribit from LocalBook, against the
// local simulators. Each book syncs (Binance: diffs + snapshot over the WebSocket API; Deribit: the channel's
// snapshot + changes), prints its best bid/ask as it moves, then has a gap injected and shows it being reported
// and repaired. Run alone with `node examples/book-demo.mjs` (after `npm run build`).

import { pathToFileURL } from 'node:url';
import { createBinanceApi, createBinanceStreams } from '@zen-websocket/binance';
import { createDeribitClient } from '@zen-websocket/deribit';
import { startBinanceSimulator, startDeribitSimulator } from '@zen-websocket/testing';
import { nodeSocketFactory } from 'zen-websocket';

const fmt = (level, digits) => (level ? `${level[0].toFixed(digits)} x ${level[1].toFixed(4)}` : '—');

/** Prints the top of `book` on `lines` updates (at most one a `everyMs`), then resolves. */
function watchTop(book, { say, label, digits, lines, everyMs }) {
  return new Promise((resolve) => {
    let shown = 0;
    let last = 0;
    const off = book.on('update', () => {
      const now = performance.now();
      if (book.state !== 'synced' || now - last < everyMs) return;
      last = now;
      const { bid, ask } = book.best();
      say(
        `  ${label}  bid ${fmt(bid, digits)}  |  ask ${fmt(ask, digits)}  spread ${book.spread()?.toFixed(digits)}  id ${book.lastUpdateId}`,
      );
      if (++shown === lines) {
        off();
        resolve();
      }
    });
  });
}

/** Injects a gap with `inject`, waits for the book to report it and to be synced again. */
async function gapAndRepair(book, { say, label, inject }) {
  const reported = new Promise((resolve) => {
    const off = book.on('gap', (gap) => {
      off();
      resolve(gap);
    });
  });
  inject();
  const gap = await reported;
  say(`  ${label}  gap reported (${gap.reason}: expected ${gap.expected}, got ${gap.received}); state ${book.state}`);
  await book.synced();
  say(`  ${label}  resynced at id ${book.lastUpdateId}`);
}

/**
 * Runs both books, printing with `say`, and closes everything before it resolves.
 *
 * @param {{ say: (line: string) => void, fast?: boolean }} io
 */
export async function runBookDemo({ say, fast = false }) {
  const lines = fast ? 2 : 4;
  const everyMs = fast ? 0 : 250;
  const binance = await startBinanceSimulator({ feedIntervalMs: 20, symbols: ['BTCUSDT'] });
  const deribitSim = await startDeribitSimulator({ feedIntervalMs: 20 });
  const streams = createBinanceStreams({ baseUrl: binance.streamUrl, socketFactory: nodeSocketFactory });
  const api = await createBinanceApi({ url: binance.apiUrl, socketFactory: nodeSocketFactory });
  const deribit = await createDeribitClient({ url: deribitSim.url, socketFactory: nodeSocketFactory });
  try {
    const bBook = streams.orderBook('BTCUSDT', { depth: 1000, api });
    const dBook = deribit.orderBook('BTC-PERPETUAL');
    await Promise.all([bBook.synced(), dBook.synced()]);
    say(
      `Binance BTCUSDT synced at lastUpdateId ${bBook.lastUpdateId} (${bBook.bids().length} bids, ${bBook.asks().length} asks)`,
    );
    say(
      `Deribit BTC-PERPETUAL synced at change_id ${dBook.changeId} (${dBook.bids().length} bids, ${dBook.asks().length} asks)`,
    );
    await Promise.all([
      watchTop(bBook, { say, label: 'binance', digits: 2, lines, everyMs }),
      watchTop(dBook, { say, label: 'deribit', digits: 1, lines, everyMs }),
    ]);
    await gapAndRepair(bBook, { say, label: 'binance', inject: () => binance.gap('BTCUSDT') });
    await gapAndRepair(dBook, { say, label: 'deribit', inject: () => deribitSim.gap('BTC-PERPETUAL') });
    await Promise.all([
      watchTop(bBook, { say, label: 'binance', digits: 2, lines: 1, everyMs: 0 }),
      watchTop(dBook, { say, label: 'deribit', digits: 1, lines: 1, everyMs: 0 }),
    ]);
  } finally {
    await streams.close();
    await api.close();
    await deribit.close();
    await binance.stop();
    await deribitSim.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const say = (line) => console.log(`${((performance.now() - started) / 1000).toFixed(2).padStart(6)}s  ${line}`);
  await runBookDemo({ say, fast: process.env.ZEN_DEMO_FAST === '1' });
}
