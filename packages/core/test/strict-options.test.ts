// Strict options (issue 12): every public factory of the core refuses an unknown key with the nearest valid name
// and its own list of options, and a wrong type names the option. One table, every factory.
import { createFakeClock, createFakeSocketFactory } from '@zen-websocket/testing/fakes';
import { describe, expect, it } from 'vitest';
import { type Client, connect, jsonRpc, Telemetry } from '../src/index.js';
import { createRateLimiter } from '../src/limiter/index.js';
import { createClientPool, createRouter, createSubscriptionSharder, shareClients } from '../src/pool/index.js';
import { checkOptions, is } from '../src/rules.js';
import { checkUrl, nearestName } from '../src/strict.js';
import { connected } from './helpers.js';

const channel = {
  postMessage: () => undefined,
  close: () => undefined,
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
};
const pool = () => createClientPool({ connect: async () => ({}) as Client, telemetry: new Telemetry() });

/** [factory, call with extra options, a typo, the name it should suggest, a valid option it must list]. */
const FACTORIES: ReadonlyArray<[string, (extra: object) => unknown, string, string]> = [
  [
    'connect',
    (extra) => connect('ws://x.test', { socketFactory: createFakeSocketFactory(), ...extra }),
    'retryDelai',
    'retryDelay',
  ],
  ['createRateLimiter', (extra) => createRateLimiter({ capacity: 1, refillRate: 1, ...extra }), 'capcity', 'capacity'],
  [
    'createClientPool',
    (extra) => createClientPool({ connect: async () => ({}) as Client, ...extra }),
    'max_restarts',
    'maxRestarts',
  ],
  ['createRouter', (extra) => createRouter({ ...extra }), 'errorDecay', 'errorDecayMs'],
  ['shareClients', (extra) => shareClients({ channel, ...extra }), 'replyMS', 'replyMs'],
  [
    'createSubscriptionSharder',
    (extra) => createSubscriptionSharder({ pool: pool(), grow: async () => ({}) as Client, ...extra }),
    'maxPerclient',
    'maxPerClient',
  ],
  ['jsonRpc', (extra) => jsonRpc({ ...extra }), 'subscribeMetod', 'subscribeMethod'],
  ['sendBalanced', (extra) => pool().sendBalanced({ id: 1 }, { ...extra }), 'maxAttempt', 'maxAttempts'],
];

async function thrown(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('every core factory refuses unknown options', () => {
  it.each(FACTORIES)('%s: "did you mean" and its own valid options', async (name, call, typo, meant) => {
    const error = await thrown(() => call({ [typo]: 1 }));
    expect(error).toBeInstanceOf(TypeError);
    const message = (error as Error).message;
    expect(message).toContain(`"${typo}"`);
    expect(message).toContain(`did you mean "${meant}"?`);
    expect(message).toMatch(new RegExp(`Valid options: .*\\b${meant}\\b`));
    expect(message.startsWith(`${name}: unknown option "${typo}"`)).toBe(true);
  });

  it.each(FACTORIES)('%s: a key nothing resembles gets the list, no guess', async (_name, call) => {
    const message = ((await thrown(() => call({ zzzzzzzz: 1 }))) as Error).message;
    expect(message).toContain('"zzzzzzzz"');
    expect(message).not.toContain('did you mean');
    expect(message).toContain('Valid options: ');
  });
});

describe('wrong types name the option', () => {
  it.each<[string, () => unknown, string]>([
    ['createRateLimiter name', () => createRateLimiter({ capacity: 1, refillRate: 1, name: 5 as never }), 'name'],
    ['createRouter errorDecayMs', () => createRouter({ errorDecayMs: '5' as never }), 'errorDecayMs'],
    ['shareClients clients', () => shareClients({ channel, clients: [] as never }), 'clients'],
    ['jsonRpc subscribeMethod', () => jsonRpc({ subscribeMethod: 1 as never }), 'subscribeMethod'],
    [
      'createClientPool telemetry',
      () => createClientPool({ connect: async () => ({}) as Client, telemetry: 1 as never }),
      'telemetry',
    ],
    [
      'createClientPool onConnect',
      () => createClientPool({ connect: async () => ({}) as Client, onConnect: 'log' as never }),
      'onConnect',
    ],
  ])('%s', (label, call, option) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(new RegExp(`^${label.split(' ')[0]}: options\\.${option} must be`));
  });

  it.each<[string, object, string]>([
    ['reconnectOnError', { reconnectOnError: 'yes' }, 'a boolean, got string'],
    ['handler', { handler: 1 }, 'a function, got number'],
    ['timeout', { timeout: '5' }, 'a number, got string'],
    ['subprotocols', { subprotocols: 'v1' }, 'an array of strings, got string'],
  ])('connect %s: the same wording, naming connect', async (option, extra, expected) => {
    const error = await thrown(() => connect('ws://x.test', { socketFactory: createFakeSocketFactory(), ...extra }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(`connect: options.${option} must be ${expected}`);
  });

  it('window and queue of a limiter are checked key by key', () => {
    expect(() => createRateLimiter({ capacity: 1, refillRate: 1, window: { limit: 1, interval: 1 } as never })).toThrow(
      /window: unknown option "interval" \(did you mean "intervalMs"\?\)/,
    );
    expect(() => createRateLimiter({ capacity: 1, refillRate: 1, queue: { maxsize: 1 } as never })).toThrow(
      /did you mean "maxSize"/,
    );
  });

  it('per-call options of request(), subscribe() and messages() are checked too', async () => {
    const r = await connected({ clock: createFakeClock() });
    await expect(r.client.request('x', {}, { timout: 5 } as never)).rejects.toThrow(/did you mean "timeout"/);
    await expect(r.client.subscribe('a', { timeOut: 5 } as never)).rejects.toThrow(/did you mean "timeout"/);
    expect(() => r.client.messages({ buffersize: 5 } as never)).toThrow(/did you mean "bufferSize"/);
    await r.client.close();
  });
});

describe("connect's other option errors name connect too", () => {
  const socketFactory = createFakeSocketFactory();
  it.each<[string, object]>([
    ['a clock without its methods', { socketFactory, clock: {} }],
    ['a header that is not a string', { socketFactory, headers: { a: 1 } }],
    ['an unknown heartbeat type', { socketFactory, heartbeat: { type: 'pingpong' } }],
    ['a custom heartbeat without a message', { socketFactory, heartbeat: { type: 'custom' } }],
    ['a probe the protocol lacks', { socketFactory, heartbeat: { type: 'deribit' } }],
    ['no socket factory', {}],
    ['a latency buffer that is not whole', { socketFactory, latencyBufferSize: 1.5 }],
  ])('%s', async (_label, options) => {
    const error = (await thrown(() => connect('ws://x.test', options as never))) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^connect: options\.\w+/);
  });
});

describe('one URL check', () => {
  // connect's URL (checkUrl) and the URL options of the rule tables (is.url) accept and refuse the same URLs
  const URLS = [
    'wss://example.com/ws',
    'ws://127.0.0.1:9443/stream?streams=a',
    new URL('wss://example.com'),
    'WSS://EXAMPLE.COM',
    'ws://exa mple.com',
    'ws://',
    'wss:///path',
    'wss://:443',
    'http://example.com',
    'example.com',
    '',
    42,
    null,
    ['ws://example.com'],
  ];
  it.each(URLS.map((url) => [String(url), url]))('%s', (_label, url) => {
    let parsed = true;
    try {
      checkUrl(url);
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/^(Invalid URL format|URL is required)/);
      parsed = false;
    }
    expect(is.url(url) === undefined).toBe(parsed);
  });
});

describe('rule tables report through checkKeys', () => {
  it('names a nested key in full, with the nearest full name and the nested options', () => {
    const rules = { limit: { messages: is.count, batch: is.count } };
    expect(() => checkOptions('createVenue', { limit: { batchSize: 5 } }, rules)).toThrow(
      'createVenue: unknown option "limit.batchSize" (did you mean "limit.batch"?). Valid options: limit.messages, limit.batch',
    );
    expect(() => checkOptions('createVenue', { limits: {} }, rules)).toThrow(
      'createVenue: unknown option "limits" (did you mean "limit"?). Valid options: limit',
    );
    expect(() => checkOptions('createVenue', null, rules)).toThrow(
      'createVenue: options must be an object, got null. Valid options: limit',
    );
  });
});

describe('nearestName', () => {
  it('matches case, underscores and small typos, and nothing far', () => {
    const valid = ['retryCount', 'retryDelay', 'timeout'];
    expect(nearestName('retry_count', valid)).toBe('retryCount');
    expect(nearestName('RETRYDELAY', valid)).toBe('retryDelay');
    expect(nearestName('timeot', valid)).toBe('timeout');
    expect(nearestName('socket', valid)).toBeUndefined();
    expect(nearestName('ab', valid)).toBeUndefined();
  });

  it('falls back to a long shared start, but not to a short one', () => {
    expect(nearestName('maxEntry', ['redact', 'maxEntries'])).toBe('maxEntries');
    // (a whole first word of a name is a suggestion of its own: nearest-name.test.ts)
    expect(nearestName('heartbeats', ['heartbeatInterval', 'timeout'])).toBeUndefined();
    expect(nearestName('maxi', ['maximumBufferedEntries'])).toBeUndefined();
  });
});
