// The Deribit part of `npm start`: a session against the local Deribit simulator, using the built packages.
// Signature authentication, a ticker and a book, a buy and its order notification, a forced disconnect, and the
// automatic re-authentication and resubscription that follow. Run alone with `node examples/deribit-demo.mjs`
// (after `npm run build`).

import { pathToFileURL } from 'node:url';
import { createDeribitClient } from '@zen-websocket/deribit';
import { startDeribitSimulator } from '@zen-websocket/testing';
import { nodeSocketFactory } from 'zen-websocket';

/**
 * Runs the session, printing each step with `say`, and closes everything before it resolves.
 *
 * @param {{ say: (line: string) => void }} io
 */
export async function runDeribitDemo({ say }) {
  // Deribit's minimum heartbeat is 10 s; the simulator runs heartbeat time 20× faster (10 s → 200 ms).
  const sim = await startDeribitSimulator({ feedIntervalMs: 50, heartbeatUnitMs: 20 });
  let client;
  const guard = setTimeout(() => {
    say('deribit demo: still running after 30 s; giving up');
    void client?.close();
    void sim.stop();
  }, 30_000);
  try {
    say(`Deribit simulator listening on ${sim.url}`);
    client = await createDeribitClient({
      url: sim.url,
      ...sim.credentials, // { clientId, clientSecret }
      socketFactory: nodeSocketFactory,
      heartbeatInterval: 10,
      cancelOnDisconnect: true,
      retryDelay: 200,
    });
    const [auth] = sim.requests('public/auth');
    say(`authenticated with ${auth.params.grant_type}: only an HMAC signature went on the wire, never the secret`);
    say(`clock offset to the server: ${client.getClockOffset().toFixed(1)} ms (from usIn/usOut)`);

    const ticks = feed();
    await client.subscribe('ticker.BTC-PERPETUAL.100ms', ticks.push);
    const firstTick = await ticks.until((all) => all[0]);
    say(
      `ticker  BTC-PERPETUAL  bid ${firstTick.best_bid_price}  ask ${firstTick.best_ask_price}  mark ${firstTick.mark_price}`,
    );

    const book = feed();
    await client.subscribe('book.BTC-PERPETUAL.100ms', book.push);
    const snapshot = await book.until((all) => all.find((b) => b.type === 'snapshot'));
    say(`book    snapshot change_id ${snapshot.change_id}: ${snapshot.bids.length} bids, ${snapshot.asks.length} asks`);
    const changes = await book.until((all) => (all.length > 3 ? all.slice(1) : undefined));
    say(
      `book    then ${changes.length} changes, each prev_change_id = the change_id before it (checked by the client)`,
    );

    const orders = feed();
    await client.subscribe('user.orders.BTC-PERPETUAL.raw', orders.push);
    const { order, trades } = await client.buy({
      instrument_name: 'BTC-PERPETUAL',
      amount: 10,
      type: 'market',
      label: 'demo',
    });
    say(`buy     ${order.order_id}: ${order.order_state}, ${trades.length} trade(s) at avg ${order.average_price}`);
    const note = await orders.until((all) => all.find((o) => o.order_id === order.order_id));
    say(`notice  user.orders says ${note.order_id} is ${note.order_state}`);
    await sim.waitFor('test_request', 5000);
    await sim.waitFor((e) => e.type === 'request' && e.method === 'public/test', 5000);
    say('heartbeat: the server sent test_request; the client answered with public/test');

    say('the server drops the connection (no close frame) …');
    const offState = client.on('state', ({ from, to }) => say(`state   ${from} → ${to}`));
    const ready = new Promise((resolve) => {
      const off = client.on('ready', (r) => {
        off();
        resolve(r);
      });
    });
    const tickCount = ticks.items.length;
    await sim.drop();
    const { connections } = await ready;
    offState();
    await sim.waitFor((e) => e.type === 'request' && e.connection === connections && e.method.endsWith('/subscribe'));
    const replay = sim
      .requests()
      .filter((r) => r.connection === connections)
      .map((r) => r.method);
    say(`reconnected (connection #${connections}); the client sent, in order: ${replay.join(' → ')}`);
    await ticks.until((all) => (all.length > tickCount ? true : undefined));
    say(
      `ticker  flowing again: ${ticks.items.length - tickCount} new tick(s); subscriptions: ${client
        .getSubscriptions()
        .map((s) => `${s.channel} (${s.status})`)
        .join(', ')}`,
    );
    say(`orders placed on the server: ${sim.requests('private/buy').length} (never replayed)`);
  } finally {
    clearTimeout(guard);
    await client?.close();
    await sim.stop();
  }
  say('Deribit session closed');
}

/** A channel's notifications: `push` is the handler; `until(pick)` resolves with pick(items) once it is defined. */
function feed() {
  const items = [];
  let wake = () => {};
  return {
    items,
    push: (item) => {
      items.push(item);
      wake();
    },
    until: (pick) =>
      new Promise((resolve) => {
        const check = () => {
          const value = pick(items);
          if (value === undefined) {
            wake = check;
            return;
          }
          wake = () => {};
          resolve(value);
        };
        check();
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runDeribitDemo({ say: (line) => console.log(line) });
}
