// The Binance part of `npm start`: a session against the local Binance simulator, using the built packages.
// Combined streams with per-stream handlers, a forced drop with the streams restored through the URL (no
// SUBSCRIBE burst, so no 1008), a signed order over the WebSocket API with its user-data event, a skewed server
// clock measured and corrected, and a make-before-break rotation that loses no depth update. Run alone with
// `node examples/binance-demo.mjs` (after `npm run build`).

import { pathToFileURL } from 'node:url';
import { createBinanceApi, createBinanceStreams } from '@zen-websocket/binance';
import { startBinanceSimulator } from '@zen-websocket/testing';
import { nodeSocketFactory } from 'zen-websocket';

// The example key pair of Binance's API docs: the simulator's default account.
const apiKey = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const secretKey = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

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
 * @param {{ say: (line: string) => void }} io
 */
export async function runBinanceDemo({ say }) {
  // Server clock 3 s ahead of ours: unsigned timestamps would be rejected with -1021 (recvWindow 1000 ms here).
  const sim = await startBinanceSimulator({ feedInterval: 20, clockSkew: 3000 });
  let streams;
  let api;
  const guard = setTimeout(() => {
    say('binance demo: still running after 30 s; giving up');
    void streams?.close();
    void api?.close();
    void sim.stop();
  }, 30_000);
  try {
    say(`Binance simulator: streams ${sim.streamUrl}, WebSocket API ${sim.apiUrl}`);
    streams = createBinanceStreams({
      baseUrl: sim.streamUrl,
      socketFactory: nodeSocketFactory,
      connect: { retryDelay: 200 },
    });

    // ── combined streams, one handler each ─────────────────────────────────────────────────────────
    const depth = [];
    let trades = 0;
    await streams.subscribe('btcusdt@trade', (t) => {
      if (++trades <= 2) say(`trade   ${t.s}  #${t.t}  ${t.q} @ ${t.p}`);
    });
    await streams.subscribe('btcusdt@depth@100ms', (d) => depth.push(d));
    await streams.subscribe(['ethusdt@bookTicker', 'bnbusdt@aggTrade']);
    const [conn] = sim.connections;
    say(`one connection: ${conn.path}?${conn.query}`);
    say(
      `then SUBSCRIBE for the later streams, paced 4 per 1.1 s; Binance lists ${(await streams.listSubscriptions()).length} streams`,
    );
    await when(
      (f) => streams.on('message', f),
      () => depth.length >= 5,
    );
    const [a, b] = depth.slice(-2);
    say(`depth   U/u ${a.U}-${a.u}, then ${b.U}-${b.u}: each U is the previous u + 1`);

    // ── a forced drop: streams come back through the URL ────────────────────────────────────────────
    say('the server drops the connection (1001) …');
    const reopened = when(
      (f) => streams.on('state', f),
      (s) => s.to === 'connected' || undefined,
    );
    await sim.waitForConnection('stream');
    const next = sim.waitForConnection('stream');
    await sim.drop(1001);
    const second = await next;
    await reopened;
    const subscribes = second.received.filter((m) => m.includes('"SUBSCRIBE"')).length;
    say(
      `reconnected with all ${second.streams.length} streams in the URL: ${subscribes} SUBSCRIBE messages sent, so no 1008 loop`,
    );
    say(`closes with 1008 so far: ${sim.closes.filter((c) => c.code === 1008).length}`);

    // ── make-before-break rotation ─────────────────────────────────────────────────────────────────
    const before = depth.length;
    const incoming = sim.waitForConnection('stream');
    const rotation = streams.rotate();
    const fresh = await incoming;
    say(`rotation: connection #${fresh.id} opened while #${second.id} was still ${second.open ? 'open' : 'closed'} …`);
    await rotation;
    await when(
      (f) => streams.on('message', f),
      () => depth.length >= before + 10,
    );
    const gaps = depth.slice(1).filter((d, i) => d.U !== depth[i].u + 1).length;
    say(
      `… then #${second.id} closed (open: ${second.open}); ${depth.length} depth updates so far, ${gaps} gap(s) in U/u`,
    );

    // ── the WebSocket API: clock skew, a signed order, its user-data event ─────────────────────────
    api = await createBinanceApi({
      url: sim.apiUrl,
      socketFactory: nodeSocketFactory,
      apiKey,
      secretKey,
      recvWindow: 1000,
    });
    say(
      `API connected; server clock measured ${Math.round(api.clockOffset)} ms ahead with "time", so timestamps are corrected`,
    );
    let filled;
    const reported = new Promise((resolve) => {
      filled = resolve;
    });
    await api.userDataStreamSubscribe((e) => e.e === 'executionReport' && e.X === 'FILLED' && filled(e));
    const order = await api.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01000000' });
    say(
      `order   #${order.orderId} ${order.side} ${order.executedQty} ${order.symbol}: ${order.status} at ${order.fills[0].price} (HMAC-signed)`,
    );
    const report = await reported;
    say(`user data: executionReport ${report.x} → ${report.X} for order #${report.i}`);
    sim.setClockSkew(-5000);
    const skew = await api.accountStatus().catch((error) => error);
    say(`server clock jumps 8 s back: ${skew.name} ${skew.rpcCode} "${skew.rpcMessage}"`);
    say(
      `  measured skew now ${Math.round(skew.skewMs)} ms; the next request passes: canTrade=${(await api.accountStatus()).canTrade}`,
    );
  } finally {
    clearTimeout(guard);
    await streams?.close();
    await api?.close();
    await sim.stop();
  }
  say('binance: everything closed');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runBinanceDemo({ say: console.log });
}
