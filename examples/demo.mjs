// The `npm start` demo, no internet: first a local exchange-like feed, where the SDK connects, streams, loses its
// connection twice (a clean drop, then a silent half-open socket), reconnects, restores its subscription and
// closes; then a Deribit session against the local Deribit simulator (signature auth, ticker, book, an order and
// its notification, a forced drop with re-auth and resubscribe); then Binance streams and the WebSocket API against
// the local Binance simulator; then Bybit v5 topics, the trade API, a drop and a book against the local Bybit
// simulator. Nothing is left running at the end.
// Set ZEN_DEMO_FAST=1 for the quick version CI runs.

import { startMockServer } from '@zen-websocket/testing';
import { connect, explain } from 'zen-websocket';
import { runBinanceDemo } from './binance-demo.mjs';
import { runBookDemo } from './book-demo.mjs';
import { runBybitDemo } from './bybit-demo.mjs';
import { runDeribitDemo } from './deribit-demo.mjs';

const fast = process.env.ZEN_DEMO_FAST === '1';
const started = performance.now();
const say = (line) => console.log(`${((performance.now() - started) / 1000).toFixed(2).padStart(6)}s  ${line}`);
const guard = setTimeout(() => {
  console.error('demo: still running after 60 s — something hangs');
  process.exit(1);
}, 60_000);
guard.unref();

// ── a tiny exchange: JSON-RPC methods plus a ticker feed for subscribed channels ─────────────────────
const server = await startMockServer({
  rpc: {
    'public/get_time': () => Date.now(),
    'public/subscribe': ({ channels }, conn) => {
      const subs = conn.data.get('channels') ?? new Set();
      for (const c of channels) subs.add(c);
      conn.data.set('channels', subs);
      return channels;
    },
    'public/unsubscribe': ({ channels }, conn) => {
      for (const c of channels) conn.data.get('channels')?.delete(c);
      return channels;
    },
  },
});
let price = 65_000;
const feed = setInterval(
  () => {
    price += Math.round((Math.random() - 0.5) * 20);
    for (const conn of server.connections) {
      for (const channel of conn.data.get('channels') ?? []) {
        conn.send({
          jsonrpc: '2.0',
          method: 'subscription',
          params: { channel, data: { last_price: price, timestamp: Date.now() } },
        });
      }
    }
  },
  fast ? 50 : 200,
);
say(`mock exchange listening on ${server.url}`);

// ── the client ───────────────────────────────────────────────────────────────────────────────────────
const client = await connect(server.url, {
  retryDelay: 200,
  heartbeat: { type: 'ping_pong', interval: fast ? 300 : 1000, timeout: fast ? 300 : 1000 },
});
client.on('state', ({ from, to, reason }) => say(`state ${from} → ${to} (${reason})`));
client.on('reconnect', ({ attempt, delay, error }) =>
  say(`reconnect #${attempt} in ${delay} ms after ${error.code}: ${explain(error).message}`),
);
say(`connected; state is "${client.getState()}"`);

const ticks = (n) =>
  new Promise((resolve) => {
    let seen = 0;
    const off = client.on('message', (m) => {
      if (m?.method !== 'subscription') return;
      say(`  tick ${m.params.channel}  last_price=${m.params.data.last_price}`);
      if (++seen === n) {
        off();
        resolve();
      }
    });
  });
/** Resolves with the first `event` payload that passes `test`, then stops listening. */
const once = (event, test = () => true) =>
  new Promise((resolve) => {
    const off = client.on(event, (payload) => {
      if (!test(payload)) return;
      off();
      resolve(payload);
    });
  });
const connectedAgain = () => once('state', ({ to }) => to === 'connected');

const channel = 'ticker.BTC-PERPETUAL.100ms';
const confirmed = await client.subscribe([channel]);
say(`subscribed to ${confirmed.join(', ')}`);
await ticks(3);

for (let i = 0; i < 20; i++) await client.request('public/get_time');
const stats = client.getLatencyStats();
say(`20 requests: p50 ${stats.p50.toFixed(2)} ms, p99 ${stats.p99.toFixed(2)} ms`);

say('server drops every connection (1001 going away) …');
const back = connectedAgain();
await server.simulateDisconnect('going_away');
await back;
await ticks(2);
say(`subscription restored after reconnect: ${JSON.stringify(client.getSubscriptions())}`);

say('server goes silent without closing (half-open socket) …');
const silentAt = performance.now();
const back2 = connectedAgain();
server.stall();
await once('reconnect');
say(`dead connection detected after ${Math.round(performance.now() - silentAt)} ms of silence`);
server.resume();
await back2;
await ticks(2);

await client.close();
say(`closed; state is "${client.getState()}"`);
clearInterval(feed);
await server.stop();

console.log('\n── Deribit, against the local Deribit simulator ──');
await runDeribitDemo({ say });

console.log('\n── Binance, against the local Binance simulator ──');
await runBinanceDemo({ say });

console.log('\n── Bybit v5, against the local Bybit simulator ──');
await runBybitDemo({ say, fast });

console.log('\n── Local order books: live top-of-book for Binance and Deribit from LocalBook ──');
await runBookDemo({ say, fast });

say('done — nothing left running, the process exits by itself');
