// `npm run dashboard`: the trading dashboard of examples/dashboard against local simulators, no internet.
// Starts the Deribit, Binance and Bybit simulators and one HTTP server, all on 127.0.0.1 (port 0 unless
// `--port` says otherwise). The HTTP server serves the page (index.html: script tags; esm.html: the
// self-contained ES module), the built SDK files (packages/sdk/dist as /dist/), `config.json` (the simulators'
// URLs and local keys, the heartbeat windows) and the fault controls: POST /fault/<venue>/<action> calls the
// simulator's own fault hook (drop, stall, resume, gap, reject, skew, cut). Ctrl-C stops everything.
//
//   node examples/dashboard/serve.mjs [--port <n>] [--heartbeat-ms <ms>]
//
// `startDashboard()` is the same server for tests (e2e/dashboard.test.ts).

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBinanceSimulator, startBybitSimulator, startDeribitSimulator } from '@zen-websocket/testing';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(here, '../../packages/sdk/dist');
const PAGE_FILES = new Set([
  'index.html',
  'esm.html',
  'dashboard.js',
  'venues.js',
  'chart.js',
  'format.js',
  'dashboard.css',
]);
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};
/** Local simulator keys: they open nothing outside this machine. */
const BINANCE_KEY = { apiKey: 'dashboard-key', secretKey: 'dashboard-secret' };
const REFUSE_MS = 3000;

/**
 * Starts the simulators and the page server. `heartbeatMs` is the Binance and Bybit heartbeat interval the
 * page uses (Deribit's minimum is 10 s, so its window stays 10 s). `dist` is the folder of built SDK files
 * served as /dist/ (default packages/sdk/dist; ZEN_DASHBOARD_DIST overrides it).
 *
 * @param {{ port?: number, heartbeatMs?: number, feedIntervalMs?: number, dist?: string }} [options]
 */
export async function startDashboard({
  port = 0,
  heartbeatMs = 5000,
  feedIntervalMs = 100,
  dist = process.env.ZEN_DASHBOARD_DIST || DIST,
} = {}) {
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    throw new RangeError(`startDashboard: port must be an integer from 0 to 65535, got ${port}`);
  }
  if (!(Number.isFinite(heartbeatMs) && heartbeatMs >= 200)) {
    throw new RangeError(`startDashboard: heartbeatMs must be a number of ms, at least 200, got ${heartbeatMs}`);
  }
  const [deribit, binance, bybit] = await Promise.all([
    startDeribitSimulator({ feedIntervalMs }),
    startBinanceSimulator({ feedIntervalMs, symbols: ['BTCUSDT'], accounts: [BINANCE_KEY] }),
    startBybitSimulator({ feedIntervalMs }),
  ]);
  const timers = new Set();
  const later = (ms, fn) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const config = {
    deribit: {
      url: deribit.url,
      clientId: deribit.credentials.clientId,
      clientSecret: deribit.credentials.clientSecret,
      heartbeatSeconds: 10,
    },
    binance: { streamUrl: binance.streamUrl, apiUrl: binance.apiUrl, ...BINANCE_KEY, heartbeatMs },
    bybit: { url: bybit.url, apiKey: 'sim-key', apiSecret: 'sim-secret', heartbeatMs },
    refuseMs: REFUSE_MS,
  };

  /** Every fault the page can ask for: the simulators' own hooks. */
  const faults = {
    deribit: {
      drop: () => deribit.drop(),
      stall: () => deribit.stall('open'),
      resume: () => deribit.resume(),
      gap: () => deribit.gap('BTC-PERPETUAL'),
      reject: async () => {
        deribit.reject(429, { durationMs: REFUSE_MS });
        await deribit.drop();
      },
      cut: ({ side }) => deribit.dropBeforeReply(side === 'sell' ? 'private/sell' : 'private/buy'),
    },
    binance: {
      drop: () => binance.drop(),
      stall: () => binance.stall('open'),
      resume: () => binance.resume(),
      gap: () => binance.gap('BTCUSDT'),
      reject: async () => {
        binance.reject(429, { durationMs: REFUSE_MS });
        await binance.drop();
      },
      skew: ({ ms }) => binance.setClockSkew(Number(ms) || 0),
      cut: () => binance.cutNextOrder(true),
    },
    bybit: {
      drop: () => bybit.drop(),
      stall: () => bybit.stall(),
      resume: () => bybit.resume(),
      gap: () => bybit.gap('BTCUSDT'),
      reject: async () => {
        bybit.reject(429);
        later(REFUSE_MS, () => bybit.reject(null));
        await bybit.drop();
      },
      cut: () => bybit.cutNextOrder(true),
    },
  };

  /** What the servers themselves saw, for the page's "1008 storm" check and the tests. */
  const status = () => ({
    deribit: { connections: deribit.connectionCount, open: deribit.openConnections },
    binance: {
      connections: binance.connectionCount,
      closes1008: binance.closes.filter((c) => c.code === 1008).length,
      controlFrames: binance.received.filter((m) => /"method":"(UN)?SUBSCRIBE"/.test(m)).length,
    },
    bybit: { open: bybit.connections().length },
  });

  const http = createServer((req, res) => {
    route(req, res).catch((error) => send(res, 500, 'text/plain; charset=utf-8', String(error?.message ?? error)));
  });

  async function route(req, res) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] === 'fault' && req.method === 'POST') {
      const action = faults[parts[1]]?.[parts[2]];
      if (!action) return send(res, 404, 'application/json', JSON.stringify({ error: `no fault ${url.pathname}` }));
      await action(await readJson(req));
      return send(res, 200, 'application/json', JSON.stringify({ ok: true }));
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed');
    if (url.pathname === '/config.json') return send(res, 200, TYPES['.json'], JSON.stringify(config));
    if (url.pathname === '/status.json') return send(res, 200, TYPES['.json'], JSON.stringify(status()));
    const name = url.pathname === '/' ? 'index.html' : parts.join('/');
    let file;
    if (PAGE_FILES.has(name)) file = path.join(here, name);
    else if (parts[0] === 'dist' && parts.length === 2 && /^[\w.-]+\.(m?js|map)$/.test(parts[1])) {
      file = path.join(dist, parts[1]);
    }
    const body = file && (await readFile(file).catch(() => undefined));
    if (!body) return send(res, 404, 'text/plain', `not found: ${url.pathname}`);
    return send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', body);
  }

  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${http.address().port}`;
  let closing;
  return {
    url: `${origin}/`,
    origin,
    config,
    deribit,
    binance,
    bybit,
    status,
    close() {
      closing ??= (async () => {
        for (const t of timers) clearTimeout(t);
        http.closeAllConnections();
        await new Promise((resolve) => http.close(() => resolve()));
        await Promise.all([deribit.stop(), binance.stop(), bybit.stop()]);
      })();
      return closing;
    },
  };
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--port' || flag === '--heartbeat-ms') {
      if (value === undefined || !/^\d+$/.test(value)) throw new RangeError(`${flag} needs a whole number`);
      options[flag === '--port' ? 'port' : 'heartbeatMs'] = Number(value);
      i++;
    } else if (flag === '--help' || flag === '-h') {
      console.log('node examples/dashboard/serve.mjs [--port <n>] [--heartbeat-ms <ms>]');
      process.exit(0);
    } else throw new RangeError(`unknown argument ${flag} (try --help)`);
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`dashboard: ${error.message}`);
    process.exit(2);
  }
  const dashboard = await startDashboard(options);
  console.log(`zen-websocket dashboard: ${dashboard.url}`);
  console.log(`  (script tag; the ES module build: ${dashboard.origin}/esm.html)`);
  console.log('  simulators: Deribit, Binance and Bybit on 127.0.0.1. Ctrl-C to stop.');
  const stop = async () => {
    await dashboard.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
