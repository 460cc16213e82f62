// Strict options everywhere (issue 12): every public factory of the BUILT packages rejects a misspelt option
// with a TypeError that names the key, suggests the nearest valid one ("did you mean …") and lists that
// factory's own options, before any connection is attempted. A typo must never change where you connect.
//
// The factories are discovered from the packages' `exports` (what Node resolves: `node` › `import` › `default`),
// so a new public factory without a case below fails "every public factory has a case".
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../packages/sdk/test/build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Every workspace package (folder names under packages/), from the root package.json. */
const PACKAGES: string[] = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces.map(
  (w: string) => path.basename(w),
);
/** Exported functions that look like factories: connect, create…, start…, share…, open…, …Sink. */
const FACTORY = /^(connect$|create[A-Z]|start[A-Z]|share[A-Z]|open[A-Z])|Sink$/;
/** Factories that take no options object at all, so there is no key to misspell. */
const NO_OPTIONS: Record<string, string> = {
  createFakeClock: 'takes only a start time (a number)',
  openRecordSink: 'takes only a path or database name (a string)',
};

type Factory = (...args: never[]) => unknown;

interface Case {
  /** Calls the factory with one misspelt key; `url` is a local port that counts connection attempts. */
  call: (factory: Factory, url: string) => unknown;
  typo: string;
  suggestion: string;
  /** Some of this factory's OWN options (not only the core's) that the message must list. */
  own: string[];
  /** What the message names when not the factory: the factory that checks (a wrapper's) or the option it fills. */
  names?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: each case calls its factory with the arguments that factory takes
const f = (factory: Factory) => factory as unknown as (...args: any[]) => unknown;
const memory = () => ({ read: () => [] as string[], record() {} });

const CASES: Record<string, Case> = {
  connect: {
    call: (c, url) => f(c)(url, { retryCont: 3 }),
    typo: 'retryCont',
    suggestion: 'retryCount',
    own: ['heartbeat', 'socketFactory', 'recordTo'],
  },
  createDeribitClient: {
    call: (c, url) => f(c)({ url, clientID: 'id', clientSecret: 'secret' }),
    typo: 'clientID',
    suggestion: 'clientId',
    own: ['clientSecret', 'cancelOnDisconnect', 'heartbeatInterval'],
  },
  createBinanceStreams: {
    call: (c, url) => f(c)({ baseURL: url }),
    typo: 'baseURL',
    suggestion: 'baseUrl',
    own: ['maxStreamsPerConnection', 'rotation'],
  },
  createBinanceApi: {
    call: (c, url) => f(c)({ url, apikey: 'k', secretKey: 's' }),
    typo: 'apikey',
    suggestion: 'apiKey',
    own: ['secretKey', 'privateKey', 'recvWindow'],
  },
  createRateLimiter: {
    call: (c) => f(c)({ capacity: 10, refilRate: 1 }),
    typo: 'refilRate',
    suggestion: 'refillRate',
    own: ['capacity', 'refillInterval', 'queue'],
  },
  createReservedLimiter: {
    call: (c) => f(c)({ capacity: 10, refilRate: 1 }, { share: 0.2, priority: () => false }),
    typo: 'refilRate',
    suggestion: 'refillRate',
    own: ['capacity', 'refillInterval', 'queue'],
    names: 'createRateLimiter', // its first argument is createRateLimiter's options
  },
  createClientPool: {
    call: (c, url) =>
      f(c)({ connect: () => Promise.reject(new Error(`must not connect to ${url}`)), restrat: 'permanent' }),
    typo: 'restrat',
    suggestion: 'restart',
    own: ['maxRestarts', 'restartWindowMs', 'onConnect'],
  },
  createRouter: {
    call: (c) => f(c)({ errorDecayMS: 1000 }),
    typo: 'errorDecayMS',
    suggestion: 'errorDecayMs',
    own: ['clock', 'telemetry'],
  },
  createSubscriptionSharder: {
    call: (c, url) =>
      f(c)({
        pool: { listClients: () => [], on: () => () => {} },
        grow: () => Promise.reject(new Error(`must not connect to ${url}`)),
        maxPerClent: 10,
      }),
    typo: 'maxPerClent',
    suggestion: 'maxPerClient',
    own: ['batchSize', 'grow'],
  },
  shareClients: {
    call: (c) => f(c)({ name: 'strict-options-test', chanel: 'x' }),
    typo: 'chanel',
    suggestion: 'channel',
    own: ['clients', 'acceptMs', 'replyMs'],
  },
  startMockServer: {
    call: (c) => f(c)({ rpcs: {} }),
    typo: 'rpcs',
    suggestion: 'rpc',
    own: ['handler', 'maxMessages', 'tls'],
  },
  startDeribitSimulator: {
    call: (c) => f(c)({ feedInterval: 0 }),
    typo: 'feedInterval',
    suggestion: 'feedIntervalMs',
    own: ['tokenLifetimeMs', 'heartbeatUnitMs', 'accounts'],
  },
  startBinanceSimulator: {
    call: (c) => f(c)({ feedIntervalMS: 10 }),
    typo: 'feedIntervalMS',
    suggestion: 'feedIntervalMs',
    own: ['pingIntervalMs', 'pongTimeoutMs', 'symbols'],
  },
  startBybitSimulator: {
    call: (c) => f(c)({ feedIntervalMS: 10 }),
    typo: 'feedIntervalMS',
    suggestion: 'feedIntervalMs',
    own: ['spotArgsLimit', 'orderRateLimit'],
  },
  createBybitClient: {
    call: (c, url) => f(c)({ url, apikey: 'k', apiSecret: 's' }),
    typo: 'apikey',
    suggestion: 'apiKey',
    own: ['apiSecret', 'category', 'dcp'],
  },
  // The local book takes its host first; a stub host is enough, since a misspelt option must be refused
  // before the host is used.
  createBybitBook: {
    call: (c) => f(c)({}, 'BTCUSDT', { dept: 50 }),
    typo: 'dept',
    suggestion: 'depth',
    own: ['staleAfterMs'],
    names: 'orderBook', // the same check as client.orderBook()
  },
  startNatsServer: {
    call: (c) => f(c)({ jetStream: false }),
    typo: 'jetStream',
    suggestion: 'jetstream',
    own: ['websocket', 'startTimeoutMs'],
  },
  startGateway: {
    call: (c) =>
      f(c)({ nats: {}, venue: 'deribit', connect: () => Promise.reject(new Error('must not connect')), leaseTTLMs: 1 }),
    typo: 'leaseTTLMs',
    suggestion: 'leaseTtlMs',
    own: ['venue', 'channels', 'streamName'],
  },
  createSharedBudget: {
    call: (c) => f(c)({ nats: {}, key: 'k', capacity: 1, refillRate: 1, refilInterval: 1000 }),
    typo: 'refilInterval',
    suggestion: 'refillInterval',
    own: ['key', 'capacity', 'reserve'],
  },
  createDeribitPaperEngine: {
    call: (c) => f(c)({ balance: { BTC: 1 } }),
    typo: 'balance',
    suggestion: 'balances',
    own: ['instruments', 'bookInterval'],
    names: 'paper', // the same check as the clients' paper option
  },
  createBinancePaperEngine: {
    call: (c) => f(c)({ balance: { USDT: 1 } }),
    typo: 'balance',
    suggestion: 'balances',
    own: ['balances'],
    names: 'paper', // the same check as the clients' paper option
  },
  createBybitPaperEngine: {
    call: (c) => f(c)({ balance: { USDT: 1 } }),
    typo: 'balance',
    suggestion: 'balances',
    own: ['category', 'depth'],
    names: 'paper', // the same check as the clients' paper option
  },
  startReplayServer: {
    call: (c) => f(c)(memory(), { waitForRequest: true }),
    typo: 'waitForRequest',
    suggestion: 'waitForRequests',
    own: ['pace', 'match'],
  },
  memorySink: {
    call: (c) => f(c)({ maxEntry: 10 }),
    typo: 'maxEntry',
    suggestion: 'maxEntries',
    own: ['redact'],
  },
  fileSink: {
    call: (c) => f(c)(path.join(os.tmpdir(), 'zen-strict-options-never-written.jsonl'), { flushInterva: 10 }),
    typo: 'flushInterva',
    suggestion: 'flushInterval',
    own: ['maxBuffered', 'redact'],
  },
  indexedDbSink: {
    call: (c) => f(c)('strict-options-test', { indexedDB: {}, maxByte: 10 }),
    typo: 'maxByte',
    suggestion: 'maxBytes',
    own: ['maxBuffered', 'indexedDB'],
  },
  createFakeSocketFactory: {
    call: (c) => f(c)({ autoopen: true }),
    typo: 'autoopen',
    suggestion: 'autoOpen',
    own: ['mode'],
  },
};

/** The module file Node loads for an `exports` entry. */
function resolveTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return undefined;
  for (const condition of ['node', 'import', 'default']) {
    const target = resolveTarget((value as Record<string, unknown>)[condition]);
    if (target) return target;
  }
  return undefined;
}

/** Every exported factory of every public entry point, once per distinct function. */
async function discover(): Promise<Array<{ name: string; from: string; factory: Factory }>> {
  const found: Array<{ name: string; from: string; factory: Factory }> = [];
  const seen = new Set<unknown>();
  for (const pkg of PACKAGES) {
    const dir = path.join(root, 'packages', pkg);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const [subpath, value] of Object.entries<unknown>(manifest.exports ?? {})) {
      const target = resolveTarget(value);
      if (!target || !/\.(c|m)?js$/.test(target) || /iife/.test(target) || /internal|strict/.test(subpath)) continue;
      const module = (await import(pathToFileURL(path.join(dir, target)).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (typeof value !== 'function' || !FACTORY.test(name) || seen.has(value)) continue;
        seen.add(value);
        found.push({ name, from: path.posix.join(manifest.name, subpath), factory: value as Factory });
      }
    }
  }
  return found;
}

/** A local TCP port that counts connection attempts (a misspelt option must lead to none). */
let counter: net.Server;
let attempts = 0;
let url = '';
let factories: Awaited<ReturnType<typeof discover>> = [];

beforeAll(async () => {
  buildOnce();
  factories = await discover();
  counter = net.createServer((socket) => {
    attempts++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(counter.address() as net.AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => counter?.close(resolve));
});

it('every public factory has a case (a new factory must document its strictness here)', () => {
  const names = new Set(factories.map((x) => x.name));
  const missing = [...names].filter((name) => !(name in CASES) && !(name in NO_OPTIONS));
  expect(missing).toEqual([]);
  // and the list is not stale: every case is still a public factory
  expect(Object.keys(CASES).filter((name) => !names.has(name))).toEqual([]);
});

/** Calls the factory; resolves with what it threw or rejected with, closing anything it wrongly created. */
async function failureOf(run: () => unknown): Promise<unknown> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    return error;
  }
  const made = result as { close?: () => unknown; stop?: () => unknown } | undefined;
  await made?.close?.();
  await made?.stop?.();
  return undefined;
}

describe('a misspelt option is a TypeError naming it, the nearest valid name and the own options', () => {
  // Discovery runs in beforeAll; the tests are declared per case and look their factories up then.
  for (const [name, spec] of Object.entries(CASES)) {
    it(name, async () => {
      const mine = factories.filter((x) => x.name === name);
      expect(mine.length, `${name} is not exported by any package`).toBeGreaterThan(0);
      for (const { from, factory } of mine) {
        const before = attempts;
        const error = await failureOf(() => spec.call(factory, url));
        const where = `${name} from ${from}`;
        expect(error, `${where} accepted the misspelt option "${spec.typo}"`).toBeInstanceOf(TypeError);
        const message = (error as TypeError).message;
        expect(message, where).toContain(spec.typo);
        // one wording for every factory (core's checkKeys): the factory (or what it checks), then the key
        expect(message, `${where} words it its own way`).toMatch(
          new RegExp(
            `^${spec.names ?? name}: unknown option "${spec.typo}" \\(did you mean "\\w+"\\?\\)\\. Valid options: `,
          ),
        );
        expect(message, `${where} does not suggest "${spec.suggestion}"`).toMatch(
          new RegExp(`did you mean\\W+${spec.suggestion}\\b`, 'i'),
        );
        for (const option of spec.own)
          expect(message, `${where} does not list its option "${option}"`).toContain(option);
        expect(attempts - before, `${where} tried to connect`).toBe(0);
      }
    });
  }
});
