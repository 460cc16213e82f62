// A fresh project that installed the packed tarballs (npm pack → npm install --offline), with no socket
// factory and no configuration, in this Node (20 in CI): what the README promises, run as user programs.
// The tarballs and the install are made once per build and shared with the other packaging and type tests.
import { beforeAll, expect, it } from 'vitest';
import { packedProject } from './install.js';
import { runInProject } from './run-in-project.js';

let project = '';
beforeAll(() => {
  project = packedProject();
}, 240_000);

it('zen-websocket connects to a local mock server and makes a JSON-RPC request', async () => {
  const out = await runInProject(
    project,
    'connect.mjs',
    `
import { startMockServer } from '@zen-websocket/testing';
import { connect } from 'zen-websocket';

const server = await startMockServer({ rpc: { 'public/test': (params) => ({ echoed: params }) } });
try {
  const client = await connect(server.url);
  console.log(JSON.stringify(await client.request('public/test', { n: 42 })));
  await client.close();
} finally {
  await server.stop();
}
`,
  );
  expect(JSON.parse(out)).toEqual({ echoed: { n: 42 } });
});

it('zen-websocket/deribit places an order on the Deribit simulator with no socket factory', async () => {
  const out = await runInProject(
    project,
    'deribit.mjs',
    `
import { startDeribitSimulator } from '@zen-websocket/testing';
import { createDeribitClient } from 'zen-websocket/deribit';

const sim = await startDeribitSimulator({ feedIntervalMs: 0 });
try {
  const deribit = await createDeribitClient({ url: sim.url, ...sim.credentials });
  const { mark_price } = await deribit.ticker('BTC-PERPETUAL');
  const price = Math.round((mark_price * 0.9) / 0.5) * 0.5;
  const { order } = await deribit.buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, price, post_only: true });
  const open = sim.orders({ open: true }).map((o) => o.order_id);
  await deribit.close();
  console.log(JSON.stringify({ state: order.order_state, known: open.includes(order.order_id) }));
} finally {
  await sim.stop();
}
`,
  );
  expect(JSON.parse(out)).toEqual({ state: 'open', known: true });
});

it('zen-websocket/binance streams trades from the Binance simulator with no socket factory', async () => {
  const out = await runInProject(
    project,
    'binance.mjs',
    `
import { startBinanceSimulator } from '@zen-websocket/testing';
import { createBinanceStreams } from 'zen-websocket/binance';

const sim = await startBinanceSimulator({ feedInterval: 10 });
try {
  const streams = createBinanceStreams({ baseUrl: sim.streamUrl });
  const trades = [];
  await new Promise((resolve, reject) => {
    streams
      .subscribe('btcusdt@trade', (t) => {
        trades.push(t);
        if (trades.length === 3) resolve();
      })
      .catch(reject);
  });
  await streams.close();
  console.log(JSON.stringify(trades.map((t) => ({ e: t.e, s: t.s }))));
} finally {
  await sim.stop();
}
`,
  );
  expect(JSON.parse(out)).toEqual(Array(3).fill({ e: 'trade', s: 'BTCUSDT' }));
});

it('zen-websocket/recorder gives the sinks in every runtime; the browser build of zen-websocket ships no recorder', async () => {
  const out = await runInProject(
    project,
    'recorder.mjs',
    `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { indexedDbSink, memorySink, metadata } from 'zen-websocket/recorder';

const sink = memorySink();
sink.record({ ts: 1, dir: 'out', type: 'text', data: '{"id":1,"params":{"access_token":"secret"}}' });
const pkg = createRequire(import.meta.url).resolve('zen-websocket/package.json');
const web = readFileSync(new URL('dist/web.js', 'file://' + pkg), 'utf8');
console.log(JSON.stringify({
  count: (await metadata(sink)).count,
  redacted: !sink.text().includes('secret'),
  indexedDbSink: typeof indexedDbSink,
  webImportsRecorderLazily: /import\\(['"]@zen-websocket\\/recorder\\/indexeddb['"]\\)/.test(web),
  webImportsRecorderStatically: /from ['"]@zen-websocket\\/recorder/.test(web),
}));
`,
  );
  expect(JSON.parse(out)).toEqual({
    count: 1,
    redacted: true,
    indexedDbSink: 'function',
    webImportsRecorderLazily: true,
    webImportsRecorderStatically: false,
  });
});
