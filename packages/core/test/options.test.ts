import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../src/clock.js';
import { type ConnectOptions, resolveOptions } from '../src/options.js';
import { jsonRpc } from '../src/protocol.js';
import type { SocketFactory } from '../src/socket.js';
import { Telemetry, telemetry } from '../src/telemetry.js';
import { deribitLike } from './helpers.js';

const URL_OK = 'wss://venue.test/ws';
const socketFactory: SocketFactory = () => {
  throw new Error('resolveOptions must not create a socket');
};

/** Calls resolveOptions with loosely typed input, as a JavaScript caller could. */
function resolve(options: Record<string, unknown> = {}, ...url: [unknown?]) {
  return resolveOptions(url.length > 0 ? url[0] : URL_OK, { socketFactory, ...options } as ConnectOptions);
}

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('expected a throw, got none');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('resolveOptions: defaults', () => {
  it('fills in the original library defaults', () => {
    const o = resolve();
    expect(o).toMatchObject({
      url: URL_OK,
      timeout: 5000,
      retryCount: 3,
      retryDelay: 1000,
      maxBackoff: 30000,
      requestTimeout: 30000,
      latencyBufferSize: 100,
      healthyUptime: 5000,
      reconnectOnError: true,
      restoreSubscriptions: true,
      maxMessageSize: 16 * 1024 * 1024,
      headers: {},
      subprotocols: [],
      log: undefined,
      onConnect: undefined,
      onDisconnect: undefined,
      handler: undefined,
      classify: undefined,
      signal: undefined,
    });
    expect(o.heartbeat).toEqual({ type: 'ping_pong', interval: 30000, timeout: 10000 });
    expect(o.socketFactory).toBe(socketFactory);
    expect(o.clock).toBe(systemClock);
    expect(o.telemetry).toBe(telemetry);
    expect(o.random).toBe(Math.random);
    expect(o.protocol.name).toBe('json-rpc');
  });

  it('keeps values that are given', () => {
    const clock = { now: () => 0, setTimeout: () => 1, clearTimeout: () => undefined };
    const bus = new Telemetry();
    const random = () => 0.25;
    const protocol = jsonRpc({ subscribeMethod: 'private/subscribe' });
    const signal = new AbortController().signal;
    const o = resolve({
      timeout: 1234,
      retryCount: 7,
      retryDelay: 10,
      maxBackoff: 20,
      reconnectOnError: false,
      restoreSubscriptions: false,
      requestTimeout: 99,
      latencyBufferSize: 5,
      healthyUptime: 1,
      maxMessageSize: 1024,
      subprotocols: ['v1'],
      clock,
      telemetry: bus,
      random,
      protocol,
      signal,
    });
    expect(o).toMatchObject({
      timeout: 1234,
      retryCount: 7,
      retryDelay: 10,
      maxBackoff: 20,
      reconnectOnError: false,
      restoreSubscriptions: false,
      requestTimeout: 99,
      latencyBufferSize: 5,
      healthyUptime: 1,
      maxMessageSize: 1024,
      subprotocols: ['v1'],
    });
    expect(o.clock).toBe(clock);
    expect(o.telemetry).toBe(bus);
    expect(o.random).toBe(random);
    expect(o.protocol).toBe(protocol);
    expect(o.signal).toBe(signal);
  });

  it("accepts heartbeat 'disabled'", () => {
    expect(resolve({ heartbeat: 'disabled' }).heartbeat).toEqual({ type: 'disabled', interval: 30000, timeout: 10000 });
  });

  it('fills heartbeat interval/timeout defaults and keeps given ones', () => {
    expect(resolve({ heartbeat: { type: 'deribit' }, protocol: deribitLike }).heartbeat).toEqual({
      type: 'deribit',
      interval: 30000,
      timeout: 10000,
    });
    expect(resolve({ heartbeat: { type: 'binance', interval: 100, timeout: 50 } }).heartbeat).toEqual({
      type: 'binance',
      interval: 100,
      timeout: 50,
    });
    const message = () => ({ op: 'ping' });
    expect(resolve({ heartbeat: { type: 'custom', message } }).heartbeat).toEqual({
      type: 'custom',
      interval: 30000,
      timeout: 10000,
      message,
    });
  });

  it('accepts retryCount 0 and Infinity', () => {
    expect(resolve({ retryCount: 0 }).retryCount).toBe(0);
    expect(resolve({ retryCount: Number.POSITIVE_INFINITY }).retryCount).toBe(Number.POSITIVE_INFINITY);
  });

  it('accepts maxBackoff equal to retryDelay, and rejects it just below', () => {
    expect(resolve({ retryDelay: 500, maxBackoff: 500 })).toMatchObject({ retryDelay: 500, maxBackoff: 500 });
    expect(() => resolve({ retryDelay: 500, maxBackoff: 499.5 })).toThrow(RangeError);
  });

  it('accepts a URL object and returns its href', () => {
    expect(resolve({}, new URL('ws://example.com:8080/path?x=1')).url).toBe('ws://example.com:8080/path?x=1');
  });

  it('normalises the URL string', () => {
    expect(resolve({}, 'WSS://Example.COM').url).toBe('wss://example.com/');
  });
});

describe('resolveOptions: socketFactory', () => {
  it('is required, with a TypeError that points to zen-websocket', () => {
    const error = thrown(() => resolveOptions(URL_OK, {}));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('socketFactory');
    expect(error.message).toContain('zen-websocket');
  });

  it('is required when options are omitted altogether', () => {
    expect(() => resolveOptions(URL_OK)).toThrow(TypeError);
  });

  it('must be a function', () => {
    const error = thrown(() => resolve({ socketFactory: { create: () => null } }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('options.socketFactory must be a function');
  });

  it('is never called while resolving', () => {
    const factory = vi.fn<SocketFactory>();
    resolveOptions(URL_OK, { socketFactory: factory });
    expect(factory).not.toHaveBeenCalled();
  });
});

describe('resolveOptions: validation errors', () => {
  it.each<[string, unknown, Record<string, unknown>, typeof TypeError | typeof RangeError, string[]]>([
    ['http URL', 'http://example.com', {}, TypeError, ['Invalid URL format', 'http://example.com']],
    ['ftp URL', 'ftp://example.com', {}, TypeError, ['Invalid URL format', 'ftp://example.com']],
    ['not a URL', 'not a url', {}, TypeError, ['Invalid URL format', 'not a url']],
    ['ws:// without host', 'ws://', {}, TypeError, ['Invalid URL format']],
    ['undefined URL', undefined, {}, TypeError, ['URL is required']],
    ['number URL', 42, {}, TypeError, ['URL is required']],
    ['timeout 0', URL_OK, { timeout: 0 }, RangeError, ['Timeout must be positive', 'options.timeout']],
    ['timeout -1', URL_OK, { timeout: -1 }, RangeError, ['Timeout must be positive', 'options.timeout']],
    ['timeout Infinity', URL_OK, { timeout: Number.POSITIVE_INFINITY }, RangeError, ['Timeout must be positive']],
    ['timeout NaN', URL_OK, { timeout: Number.NaN }, TypeError, ['options.timeout']],
    ['timeout string', URL_OK, { timeout: '5000' }, TypeError, ['options.timeout']],
    [
      'retryCount -1',
      URL_OK,
      { retryCount: -1 },
      RangeError,
      ['Retry count must be non-negative', 'options.retryCount'],
    ],
    [
      'retryCount 1.5',
      URL_OK,
      { retryCount: 1.5 },
      RangeError,
      ['Retry count must be non-negative', 'options.retryCount'],
    ],
    [
      'retryCount -Infinity',
      URL_OK,
      { retryCount: Number.NEGATIVE_INFINITY },
      RangeError,
      ['Retry count must be non-negative'],
    ],
    ['retryCount string', URL_OK, { retryCount: '3' }, TypeError, ['options.retryCount']],
    ['retryDelay 0', URL_OK, { retryDelay: 0 }, RangeError, ['Retry delay must be positive', 'options.retryDelay']],
    ['retryDelay -5', URL_OK, { retryDelay: -5 }, RangeError, ['Retry delay must be positive', 'options.retryDelay']],
    ['maxBackoff 0', URL_OK, { maxBackoff: 0 }, RangeError, ['Max backoff must be positive', 'options.maxBackoff']],
    [
      'maxBackoff below retryDelay',
      URL_OK,
      { retryDelay: 2000, maxBackoff: 1000 },
      RangeError,
      ['Max backoff must be >= retry delay', 'options.maxBackoff', 'options.retryDelay'],
    ],
    [
      'retryDelay above the default maxBackoff',
      URL_OK,
      { retryDelay: 60000 },
      RangeError,
      ['Max backoff must be >= retry delay', 'options.maxBackoff'],
    ],
    [
      'requestTimeout 0',
      URL_OK,
      { requestTimeout: 0 },
      RangeError,
      ['Request timeout must be positive', 'options.requestTimeout'],
    ],
    [
      'requestTimeout -1',
      URL_OK,
      { requestTimeout: -1 },
      RangeError,
      ['Request timeout must be positive', 'options.requestTimeout'],
    ],
    [
      'latencyBufferSize 0',
      URL_OK,
      { latencyBufferSize: 0 },
      RangeError,
      ['Latency buffer size must be positive', 'options.latencyBufferSize'],
    ],
    [
      'latencyBufferSize -3',
      URL_OK,
      { latencyBufferSize: -3 },
      RangeError,
      ['Latency buffer size must be positive', 'options.latencyBufferSize'],
    ],
    ['latencyBufferSize 2.5', URL_OK, { latencyBufferSize: 2.5 }, RangeError, ['options.latencyBufferSize']],
    ['healthyUptime 0', URL_OK, { healthyUptime: 0 }, RangeError, ['options.healthyUptime']],
    ['maxMessageSize 0', URL_OK, { maxMessageSize: 0 }, RangeError, ['options.maxMessageSize']],
    ['reconnectOnError string', URL_OK, { reconnectOnError: 'yes' }, TypeError, ['options.reconnectOnError']],
    ['restoreSubscriptions 1', URL_OK, { restoreSubscriptions: 1 }, TypeError, ['options.restoreSubscriptions']],
    ['handler not a function', URL_OK, { handler: 'log' }, TypeError, ['options.handler must be a function']],
    ['onConnect not a function', URL_OK, { onConnect: {} }, TypeError, ['options.onConnect must be a function']],
    [
      'onDisconnect not a function',
      URL_OK,
      { onDisconnect: 1 },
      TypeError,
      ['options.onDisconnect must be a function'],
    ],
    ['classify not a function', URL_OK, { classify: 'fatal' }, TypeError, ['options.classify must be a function']],
    ['random not a function', URL_OK, { random: 0.5 }, TypeError, ['options.random must be a function']],
    [
      'heartbeat bad type',
      URL_OK,
      { heartbeat: { type: 'sometimes' } },
      TypeError,
      ['options.heartbeat.type', 'ping_pong'],
    ],
    ['heartbeat string', URL_OK, { heartbeat: 'enabled' }, TypeError, ['options.heartbeat.type']],
    ['heartbeat null', URL_OK, { heartbeat: null }, TypeError, ['options.heartbeat.type']],
    [
      'custom heartbeat without message',
      URL_OK,
      { heartbeat: { type: 'custom' } },
      TypeError,
      ['options.heartbeat.message', 'custom'],
    ],
    [
      'heartbeat interval 0',
      URL_OK,
      { heartbeat: { type: 'ping_pong', interval: 0 } },
      RangeError,
      ['Heartbeat interval must be positive'],
    ],
    ['headers value a number', URL_OK, { headers: { 'X-Key': 1 } }, TypeError, ['options.headers', 'X-Key']],
    ['headers pair with a number', URL_OK, { headers: [['X-Key', 1]] }, TypeError, ['options.headers', 'X-Key']],
    ['headers a string', URL_OK, { headers: 'X-Key: 1' }, TypeError, ['options.headers']],
    ['debug a string', URL_OK, { debug: 'verbose' }, TypeError, ['options.debug']],
    ['subprotocols not strings', URL_OK, { subprotocols: [1] }, TypeError, ['options.subprotocols']],
    ['clock without now', URL_OK, { clock: { setTimeout() {}, clearTimeout() {} } }, TypeError, ['options.clock']],
    ['signal not a signal', URL_OK, { signal: {} }, TypeError, ['options.signal']],
    ['protocol without methods', URL_OK, { protocol: { name: 'x' } }, TypeError, ['options.protocol lacks request']],
  ])('%s', (_label, url, options, errorClass, fragments) => {
    const error = thrown(() => resolve(options, url));
    expect(error).toBeInstanceOf(errorClass);
    // A RangeError is not a TypeError and vice versa: the class itself carries meaning.
    expect(error.constructor).toBe(errorClass);
    for (const fragment of fragments) expect(error.message).toContain(fragment);
  });

  it('rejects options that are not an object', () => {
    expect(() => resolveOptions(URL_OK, null as unknown as ConnectOptions)).toThrow(TypeError);
    expect(() => resolveOptions(URL_OK, 'fast' as unknown as ConnectOptions)).toThrow(TypeError);
  });
});

describe('resolveOptions: heartbeat option names', () => {
  // `options.timeout` is the connect timeout: a bad heartbeat timeout must not be reported under that name.
  it('a bad heartbeat.interval names options.heartbeat.interval', () => {
    expect(() => resolve({ heartbeat: { type: 'ping_pong', interval: 0 } })).toThrow('options.heartbeat.interval');
  });

  it('a bad heartbeat.timeout names options.heartbeat.timeout', () => {
    expect(() => resolve({ heartbeat: { type: 'ping_pong', timeout: -1 } })).toThrow('options.heartbeat.timeout');
  });
});

describe('resolveOptions: unknown keys', () => {
  it('suggests the camelCase option for retry_count and lists the valid ones', () => {
    const error = thrown(() => resolve({ retry_count: 3 }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('connect: unknown option "retry_count"');
    expect(error.message).toContain('did you mean "retryCount"');
    expect(error.message).toContain('Valid options:');
    for (const key of ['timeout', 'retryCount', 'retryDelay', 'maxBackoff', 'heartbeat', 'socketFactory']) {
      expect(error.message).toContain(key);
    }
  });

  it.each([
    ['max_backoff', 'maxBackoff'],
    ['request_timeout', 'requestTimeout'],
    ['RETRYDELAY', 'retryDelay'],
  ])('suggests %s → %s', (key, suggestion) => {
    expect(() => resolve({ [key]: 1 })).toThrow(`did you mean "${suggestion}"`);
  });

  it('does not suggest anything for an unrelated key', () => {
    const error = thrown(() => resolve({ colour: 'blue' }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('connect: unknown option "colour"');
    expect(error.message).not.toContain('did you mean');
  });
});

describe('resolveOptions: headers', () => {
  it('accepts an object', () => {
    expect(resolve({ headers: { Authorization: 'Bearer t', 'X-A': 'b' } }).headers).toEqual({
      Authorization: 'Bearer t',
      'X-A': 'b',
    });
  });

  it('accepts [name, value] pairs', () => {
    expect(
      resolve({
        headers: [
          ['Authorization', 'Bearer t'],
          ['X-A', 'b'],
        ],
      }).headers,
    ).toEqual({ Authorization: 'Bearer t', 'X-A': 'b' });
  });

  it('copies the headers (later changes to the input do not leak in)', () => {
    const input: Record<string, string> = { A: '1' };
    const o = resolve({ headers: input });
    input.A = '2';
    expect(o.headers).toEqual({ A: '1' });
  });
});

describe('resolveOptions: debug', () => {
  it('debug: true yields a logger that writes to console.debug with a prefix', () => {
    const spy = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const { log } = resolve({ debug: true });
    expect(typeof log).toBe('function');
    log?.('hello');
    expect(spy).toHaveBeenCalledWith('[zen-websocket] hello');
  });

  it('debug: false or absent yields undefined', () => {
    expect(resolve({ debug: false }).log).toBeUndefined();
    expect(resolve().log).toBeUndefined();
  });

  it('debug: a function is used as the logger', () => {
    const lines: string[] = [];
    const logger = (line: string) => lines.push(line);
    expect(resolve({ debug: logger }).log).toBe(logger);
  });
});

describe('resolveOptions: callbacks', () => {
  it('keeps handler, onConnect, onDisconnect and classify functions', () => {
    const handler = () => undefined;
    const onConnect = () => undefined;
    const onDisconnect = () => undefined;
    const classify = () => 'fatal' as const;
    const o = resolve({ handler, onConnect, onDisconnect, classify });
    expect(o.handler).toBe(handler);
    expect(o.onConnect).toBe(onConnect);
    expect(o.onDisconnect).toBe(onDisconnect);
    expect(o.classify).toBe(classify);
  });
});

describe('resolveOptions: properties', () => {
  const host = fc.domain();
  const wsUrl = fc
    .tuple(fc.constantFrom('ws', 'wss'), host, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }))
    .map(([scheme, h, port]) => `${scheme}://${h}${port === undefined ? '' : `:${port}`}/`);
  const positiveFinite = fc.double({ min: Number.MIN_VALUE, max: 1e12, noNaN: true });

  it('property: any ws/wss URL with a host and positive finite numbers resolves', () => {
    fc.assert(
      fc.property(
        wsUrl,
        positiveFinite,
        positiveFinite,
        positiveFinite,
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        (url, timeout, retryDelay, requestTimeout, extra) => {
          const maxBackoff = retryDelay + extra;
          const o = resolve({ timeout, retryDelay, requestTimeout, maxBackoff }, url);
          expect(o).toMatchObject({ timeout, retryDelay, requestTimeout, maxBackoff });
          expect(o.url.startsWith('ws://') || o.url.startsWith('wss://')).toBe(true);
        },
      ),
    );
  });

  it('property: a non-positive number in timeout/retryDelay/requestTimeout/maxBackoff throws a RangeError', () => {
    const nonPositive = fc.oneof(
      fc.double({ max: 0, noNaN: true }),
      fc.constant(0),
      fc.constant(-0),
      fc.integer({ max: 0 }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('timeout', 'retryDelay', 'requestTimeout', 'maxBackoff'),
        nonPositive,
        (key, value) => {
          const error = thrown(() => resolve({ [key]: value }));
          expect(error).toBeInstanceOf(RangeError);
          expect(error.message).toContain(`options.${key}`);
        },
      ),
    );
  });

  it('property: maxBackoff below retryDelay (by any amount) throws a RangeError naming both', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, maxExcluded: true, noNaN: true }),
        (retryDelay, fraction) => {
          const maxBackoff = retryDelay * fraction;
          fc.pre(maxBackoff > 0 && maxBackoff < retryDelay);
          const error = thrown(() => resolve({ retryDelay, maxBackoff }));
          expect(error).toBeInstanceOf(RangeError);
          expect(error.message).toContain('Max backoff must be >= retry delay');
        },
      ),
    );
  });

  it('property: non-ws schemes are rejected with a TypeError', () => {
    fc.assert(
      fc.property(fc.constantFrom('http', 'https', 'ftp', 'file', 'mailto'), host, (scheme, h) => {
        const error = thrown(() => resolve({}, `${scheme}://${h}/`));
        expect(error).toBeInstanceOf(TypeError);
        expect(error.message).toContain('Invalid URL format');
      }),
    );
  });
});
