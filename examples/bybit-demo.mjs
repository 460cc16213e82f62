// The Bybit part of `npm start`: a session against the local Bybit v5 simulator, through `zen-websocket/bybit`
// (the runtime's socket built in, no factory). Public trades and tickers, a market order over the trade API with
// its private `order` update, a forced drop with the restore order on the private connection (auth, then
// subscribe), and the top of a LocalBook. Run alone with `node examples/bybit-demo.mjs` (after `npm run build`).

import { pathToFileURL } from 'node:url';
import { startBybitSimulator } from '@zen-websocket/testing';
import { createBybitClient } from 'zen-websocket/bybit';

/** Resolves with the first value for which `pick` returns something, from events `on` delivers. */
const when = (on, pick) =>
  new Promise((resolve) => {
    const off = on((value) => {
      const found = pick(value);
      if (found === undefined || found === false) return;
      off();
      resolve(found);
    });
  });

/**
 * Runs the session, printing each step with `say`, and closes everything before it resolves.
 *
 * @param {{ say: (line: string) => void, fast?: boolean }} io
 */
export async function runBybitDemo({ say, fast = process.env.ZEN_DEMO_FAST === '1' }) {
  const sim = await startBybitSimulator({ feedIntervalMs: fast ? 20 : 100 });
  let bybit;
  const guard = setTimeout(() => {
    say('bybit demo: still running after 30 s; giving up');
    void bybit?.close();
    void sim.stop();
  }, 30_000);
  try {
    say(`Bybit simulator at ${sim.url} (/v5/public/linear, /v5/private, /v5/trade)`);
    bybit = await createBybitClient({
      url: sim.url,
      apiKey: 'sim-key',
      apiSecret: 'sim-secret',
      retryDelay: 200,
    });

    // ── public topics ───────────────────────────────────────────────────────────────────────────────
    let trades = 0;
    let tickers = 0;
    let doneTrades;
    const tradesSeen = new Promise((resolve) => {
      doneTrades = resolve;
    });
    await bybit.subscribe('publicTrade.BTCUSDT', (list) => {
      for (const t of list) {
        if (++trades <= 3) say(`trade   ${t.s}  ${t.S} ${t.v} @ ${t.p}`);
        if (trades === 3) doneTrades();
      }
    });
    await bybit.subscribe('tickers.BTCUSDT', (t) => {
      if (++tickers === 1) say(`ticker  ${t.symbol}  last ${t.lastPrice}`);
    });
    await tradesSeen;

    // ── a market order over the trade API and its private `order` update ───────────────────────────
    const updates = [];
    await bybit.subscribe('order', (list) => updates.push(...list));
    const updated = when(
      (f) => bybit.on('message', f),
      () => updates.find((u) => u.orderId === placed?.orderId && u.orderStatus === 'Filled'),
    );
    let placed;
    placed = await bybit.createOrder({ symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.01' });
    say(`order   ${placed.orderId} accepted by order.create (HMAC-signed auth, X-BAPI-TIMESTAMP header)`);
    const filled = await updated;
    say(`notice  private order topic says ${filled.orderId} is ${filled.orderStatus}`);

    // ── a forced drop: auth before resubscribe on the private connection ───────────────────────────
    const firstPrivate = Math.max(
      ...sim
        .connections()
        .filter((c) => c.kind === 'private')
        .map((c) => c.id),
    );
    say('the server drops every connection (no close frame) …');
    await sim.drop('abnormal');
    const resubscribed = await sim.waitForMessage(
      (m) => m.kind === 'private' && m.connection > firstPrivate && m.data?.op === 'subscribe',
      10_000,
    );
    const restore = sim
      .received()
      .filter((m) => m.connection === resubscribed.connection)
      .map((m) => String(m.data?.op))
      .filter((op) => op !== 'ping');
    say(`reconnected (private connection #${resubscribed.connection}); it sent, in order: ${restore.join(' → ')}`);
    const before = trades;
    await when(
      (f) => bybit.on('message', f),
      () => trades > before || undefined,
    );
    const creates = sim.received().filter((m) => m.data?.op === 'order.create').length;
    say(
      `trades  flowing again after the restore; order.create frames the server received: ${creates} (never replayed)`,
    );

    // ── a local order book ─────────────────────────────────────────────────────────────────────────
    const book = bybit.orderBook('BTCUSDT', { depth: 50 });
    await book.synced();
    const { bid, ask } = book.best();
    say(`book    BTCUSDT  bid ${bid[0]} x ${bid[1]}  |  ask ${ask[0]} x ${ask[1]}  (LocalBook, orderbook.50)`);
  } finally {
    clearTimeout(guard);
    await bybit?.close();
    await sim.stop();
  }
  say('Bybit session closed');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runBybitDemo({ say: console.log });
}
