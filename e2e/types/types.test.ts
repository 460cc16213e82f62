// Types that hold in users' projects: the PACKED packages, installed into a fresh project (../packaging), and
// user-style snippets compiled with TypeScript under the settings users really have: `strict` +
// `exactOptionalPropertyTypes`, `skipLibCheck: false` (so our published .d.ts files are checked too),
// `moduleResolution` node16 and bundler, with and without the DOM lib, with and without @types/node.
// One TypeScript program per setting; one test per snippet and setting, plus one per setting for the
// published .d.ts files themselves.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { packedProject } from '../packaging/install.js';

interface Setting {
  name: string;
  resolution: 'node16' | 'bundler';
  lib: string[];
  /** `['node']` for a Node project; `[]` for a browser project (no @types/node at all). */
  types: string[];
  /** Which snippets make sense there (browser projects have no `process`, no Node sockets). */
  snippets: 'node' | 'browser';
}

const SETTINGS: Setting[] = [
  { name: 'node16, es2022 (no DOM)', resolution: 'node16', lib: ['es2022'], types: ['node'], snippets: 'node' },
  { name: 'node16, es2022 + DOM', resolution: 'node16', lib: ['es2022', 'dom'], types: ['node'], snippets: 'node' },
  { name: 'bundler, es2022 (no DOM)', resolution: 'bundler', lib: ['es2022'], types: ['node'], snippets: 'node' },
  { name: 'bundler, es2022 + DOM', resolution: 'bundler', lib: ['es2022', 'dom'], types: ['node'], snippets: 'node' },
  {
    name: 'bundler, browser project (DOM, no @types/node)',
    resolution: 'bundler',
    lib: ['es2022', 'dom'],
    types: [],
    snippets: 'browser',
  },
];

/** User code, as the README and docs show it. Each is one file; `.cts` files are CommonJS. */
const SNIPPETS: Record<string, { code: string; where: Array<'node' | 'browser'> }> = {
  'connect.ts': {
    where: ['node', 'browser'],
    code: `
import { connect, explain, RpcError, type Client } from 'zen-websocket';

export async function main(url: string): Promise<void> {
  const client: Client = await connect(url, { heartbeat: { type: 'deribit', interval: 15_000 }, retryCount: 3 });
  client.on('state', ({ from, to, reason }) => console.log(from, to, reason));
  client.on('message', (msg) => console.log(msg));
  await client.subscribe(['ticker.BTC-PERPETUAL.100ms']);
  try {
    console.log(await client.request('public/get_time', {}, { timeout: 1_000 }));
  } catch (error) {
    const { message, suggestion } = explain(error);
    if (error instanceof RpcError) console.log(error.code, error.rpcCode);
    console.log(message, suggestion);
  }
  await client.close();
}
`,
  },
  'node-socket-factory.ts': {
    // docs/runtimes.md and the venue READMEs: the Node socket for the core or a venue package
    where: ['node'],
    code: `
import { connect as coreConnect } from '@zen-websocket/core';
import { nodeSocketFactory, type SocketFactory } from 'zen-websocket';

const factory: SocketFactory = nodeSocketFactory;
export const client = coreConnect('ws://127.0.0.1:1', { socketFactory: factory });
`,
  },
  'deribit-env.ts': {
    // credentials straight from the environment: string | undefined
    where: ['node'],
    code: `
import { createDeribitClient } from '@zen-websocket/deribit';
import { nodeSocketFactory } from 'zen-websocket';

export const deribit = createDeribitClient({
  url: 'wss://test.deribit.com/ws/api/v2',
  clientId: process.env.DERIBIT_CLIENT_ID,
  clientSecret: process.env.DERIBIT_CLIENT_SECRET,
  socketFactory: nodeSocketFactory,
  cancelOnDisconnect: true,
});
`,
  },
  'binance-env.ts': {
    where: ['node'],
    code: `
import { createBinanceApi, createBinanceStreams } from '@zen-websocket/binance';
import { nodeSocketFactory } from 'zen-websocket';

export const streams = createBinanceStreams({ socketFactory: nodeSocketFactory });
export const api = createBinanceApi({
  apiKey: process.env.BINANCE_API_KEY,
  secretKey: process.env.BINANCE_SECRET_KEY,
  socketFactory: nodeSocketFactory,
});
`,
  },
  'pool-hooks.ts': {
    // docs/limits-and-pools.md "Connection pools": hooks that return what Set.add/delete return
    where: ['node', 'browser'],
    code: `
import { connect, type Client } from 'zen-websocket';
import { deribitLimits } from 'zen-websocket/deribit';
import { createRateLimiter } from 'zen-websocket/limiter';
import { createClientPool } from 'zen-websocket/pool';

const registry = new Set<Client>();
const limiter = createRateLimiter(deribitLimits());
const pool = createClientPool({
  connect,
  restart: 'transient',
  maxRestarts: 10,
  restartWindowMs: 60_000,
  onConnect: (client) => registry.add(client),
  onDisconnect: (client, { reason }) => (console.log(reason), registry.delete(client)),
});

export async function main(): Promise<void> {
  await pool.startClient('wss://www.deribit.com/ws/api/v2', { limiter });
  const reply = await pool.sendBalanced({ jsonrpc: '2.0', id: 1, method: 'public/get_time' });
  console.log(reply);
  await pool.close();
}
`,
  },
  'simulator-without-using.ts': {
    // docs/venues: a simulator session with try/finally (no \`await using\`, which Node 20/22 cannot parse)
    where: ['node'],
    code: `
import { createDeribitClient } from '@zen-websocket/deribit';
import { startBinanceSimulator, startDeribitSimulator, startMockServer } from '@zen-websocket/testing';
import { nodeSocketFactory } from 'zen-websocket';

export async function main(): Promise<void> {
  const sim = await startDeribitSimulator({ feedIntervalMs: 0 });
  const binance = await startBinanceSimulator();
  const mock = await startMockServer();
  try {
    const deribit = await createDeribitClient({ url: sim.url, ...sim.credentials, socketFactory: nodeSocketFactory });
    await deribit.close();
    console.log(binance.streamUrl, mock.url);
  } finally {
    await sim.stop();
    await binance.stop();
    await mock.stop();
  }
}
`,
  },
  'sdk-venues.ts': {
    // one install, every venue: the zen-websocket subpaths need no socket factory
    where: ['node', 'browser'],
    code: `
import { createBinanceStreams } from 'zen-websocket/binance';
import { createDeribitClient } from 'zen-websocket/deribit';

export const deribit = createDeribitClient({ url: 'wss://test.deribit.com/ws/api/v2' });
export const streams = createBinanceStreams({});
`,
  },
  'typed-venues.ts': {
    // the venues' own channels and methods are typed in user code (not `unknown`)
    where: ['node', 'browser'],
    code: `
import { createBinanceStreams } from 'zen-websocket/binance';
import { createDeribitClient } from 'zen-websocket/deribit';

export async function main(): Promise<void> {
  const deribit = await createDeribitClient({});
  await deribit.subscribe('ticker.BTC-PERPETUAL.100ms', (t) => {
    const mark: number = t.mark_price;
    console.log(mark);
  });
  const time: number = await deribit.request('public/get_time');
  const streams = createBinanceStreams({});
  await streams.subscribe('btcusdt@trade', (t) => {
    const price: string = t.p;
    const kind: 'trade' = t.e;
    console.log(price, kind, time);
  });
}
`,
  },
  'require.cts': {
    // a CommonJS project: the require condition's .d.cts files
    where: ['node'],
    code: `
import zen = require('zen-websocket');
import core = require('@zen-websocket/core');

export const connecting: Promise<core.Client> = zen.connect('ws://127.0.0.1:1');
export const isZen = (e: unknown): boolean => e instanceof zen.ZenError;
`,
  },
};

let project = '';
const diagnostics = new Map<string, readonly ts.Diagnostic[]>();

function compile(setting: Setting, dir: string): readonly ts.Diagnostic[] {
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: setting.resolution === 'node16' ? ts.ModuleKind.Node16 : ts.ModuleKind.ESNext,
    moduleResolution:
      setting.resolution === 'node16' ? ts.ModuleResolutionKind.Node16 : ts.ModuleResolutionKind.Bundler,
    lib: setting.lib.map((l) => `lib.${l}.d.ts`),
    types: setting.types,
    typeRoots: [path.join(project, 'node_modules', '@types')],
  };
  const files = Object.entries(SNIPPETS)
    .filter(
      ([name, s]) => s.where.includes(setting.snippets) && !(setting.resolution === 'bundler' && name.endsWith('.cts')),
    )
    .map(([name]) => path.join(dir, name));
  return ts.getPreEmitDiagnostics(ts.createProgram(files, options));
}

function format(list: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(list, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => project,
    getNewLine: () => '\n',
  });
}

beforeAll(() => {
  project = packedProject();
  for (const [i, setting] of SETTINGS.entries()) {
    const dir = path.join(project, `types-${i}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [name, { code }] of Object.entries(SNIPPETS)) writeFileSync(path.join(dir, name), code);
    const all = compile(setting, dir);
    for (const d of all) {
      const file = d.file ? path.relative(dir, d.file.fileName) : '(options)';
      const key = `${i}:${file.includes('node_modules') ? 'published' : file}`;
      diagnostics.set(key, [...(diagnostics.get(key) ?? []), d]);
    }
  }
}, 240_000);

for (const [i, setting] of SETTINGS.entries()) {
  describe(setting.name, () => {
    it('the published .d.ts files type-check (skipLibCheck off: no esnext.disposable, no DOM CryptoKey needed)', () => {
      const list = [...(diagnostics.get(`${i}:published`) ?? []), ...(diagnostics.get(`${i}:(options)`) ?? [])];
      expect(format(list)).toBe('');
    });
    for (const [name, snippet] of Object.entries(SNIPPETS)) {
      if (!snippet.where.includes(setting.snippets)) continue;
      if (setting.resolution === 'bundler' && name.endsWith('.cts')) continue;
      it(`${name} compiles`, () => {
        expect(format(diagnostics.get(`${i}:${name}`) ?? [])).toBe('');
      });
    }
  });
}
