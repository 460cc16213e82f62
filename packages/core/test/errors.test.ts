import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthError,
  ConnectionError,
  codeFromSystem,
  ERROR_CODES,
  type ErrorCode,
  isErrorCode,
  isZenError,
  NotConnectedError,
  ProtocolError,
  RequestError,
  RetriesExhaustedError,
  RpcError,
  ZenError,
} from '../src/errors.js';
import { explain } from '../src/explain.js';

const UNKNOWN_SUGGESTION = 'Check logs for more details';

describe('explain: every code', () => {
  it('ERROR_CODES is non-empty and free of duplicates', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(20);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it.each(ERROR_CODES)('%s has a message and a suggestion', (code) => {
    const fromString = explain(code);
    expect(typeof fromString.message).toBe('string');
    expect(typeof fromString.suggestion).toBe('string');
    expect(fromString.message.trim()).not.toBe('');
    expect(fromString.suggestion.trim()).not.toBe('');
    expect(fromString.message.startsWith('Unknown error')).toBe(false);
    expect(fromString.suggestion).not.toBe(UNKNOWN_SUGGESTION);
    // A ZenError with the code explains the same way, keeping its own message (never less informative).
    expect(explain(new ZenError(code, 'whatever'))).toEqual({
      message: `${fromString.message}: whatever`,
      suggestion: fromString.suggestion,
    });
    expect(isErrorCode(code)).toBe(true);
  });
});

describe('explain: each code gets its own row of the table (the texts follow ERROR_CODES order)', () => {
  // One word of each code's message: a row out of place or missing fails here.
  const words: Record<ErrorCode, string> = {
    connection_refused: 'refused',
    timeout: 'timed out',
    dns_failed: 'DNS',
    tls_failed: 'TLS/SSL',
    tls_mismatch: 'does not speak TLS',
    host_unreachable: 'Host unreachable',
    network_unreachable: 'Network unreachable',
    connection_closed: 'closed unexpectedly',
    connection_error: 'Connection error',
    connection_failed: 'Connection failed',
    heartbeat_timeout: 'heartbeat',
    handshake_rejected: 'upgrade',
    invalid_frame: 'Invalid WebSocket frame',
    frame_too_large: 'maximum size',
    bad_frame: 'Malformed',
    unauthorized: 'Authentication failed',
    invalid_credentials: 'Invalid credentials',
    token_expired: 'token has expired',
    max_reconnection_attempts: 'Gave up reconnecting',
    not_connected: 'Not connected',
    disconnected: 'connection was lost',
    request_timeout: 'No reply',
    duplicate_request_id: 'already in flight',
    rpc_error: 'answered with an error',
    aborted: 'aborted',
    closed: 'client is closed',
    handler_error: 'handler threw',
    record_sink_error: 'recording sink',
    heartbeat_probe_error: 'heartbeat probe',
    limiter_rejected: 'rate limiter',
    overflow: 'overflowed',
    no_connections: 'no connected client',
    max_attempts_exceeded: 'through the pool failed',
  };

  it('ERROR_CODES lists every code of the table once, and nothing else', () => {
    expect([...ERROR_CODES].sort()).toEqual(Object.keys(words).sort());
    expect(isErrorCode('nope')).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });

  it.each(Object.entries(words))('%s', (code, word) => {
    expect(explain(code).message).toContain(word);
  });

  it('ERROR_CODES is a copy: changing it changes nothing else', () => {
    const copy = [...ERROR_CODES];
    ERROR_CODES.length = 0;
    try {
      expect(isErrorCode('closed')).toBe(true);
      expect(explain('closed').message).toBe('The client is closed');
    } finally {
      ERROR_CODES.push(...copy);
    }
  });
});

describe('explain: original texts', () => {
  it.each<[ErrorCode, string, string]>([
    [
      'connection_refused',
      'Connection refused by server',
      'Check that the server is running and verify the URL is correct',
    ],
    ['timeout', 'Connection timed out', 'Check network connectivity or increase the timeout configuration'],
    ['dns_failed', 'DNS lookup failed - domain not found', 'Verify the hostname spelling is correct'],
    [
      'invalid_frame',
      'Invalid WebSocket frame received',
      'Server sent malformed data - this may indicate a server bug',
    ],
    ['unauthorized', 'Authentication failed', 'Check your API credentials are valid and not expired'],
    ['invalid_credentials', 'Invalid credentials provided', 'Verify your API key and secret are correct'],
    ['token_expired', 'Authentication token has expired', 'Re-authenticate to obtain a fresh token'],
  ])('%s', (code, message, suggestion) => {
    expect(explain(code)).toEqual({ message, suggestion });
    expect(explain(new ZenError(code, 'x'))).toEqual({ message: `${message}: x`, suggestion });
  });
});

describe('explain: system codes and other input', () => {
  it.each<[string, ErrorCode]>([
    ['ECONNREFUSED', 'connection_refused'],
    ['ENOTFOUND', 'dns_failed'],
    ['ETIMEDOUT', 'timeout'],
    ['EAI_AGAIN', 'dns_failed'],
    ['EHOSTUNREACH', 'host_unreachable'],
    ['ENETUNREACH', 'network_unreachable'],
    ['ECONNRESET', 'connection_closed'],
  ])('a Node error with code %s reads as %s', (system, ours) => {
    const error = Object.assign(new Error(`connect ${system} 127.0.0.1:1`), { code: system });
    expect(explain(error)).toEqual({
      message: `${explain(ours).message}: connect ${system} 127.0.0.1:1`,
      suggestion: explain(ours).suggestion,
    });
    expect(explain(system)).toEqual(explain(ours));
    expect(codeFromSystem(system)).toBe(ours);
  });

  it('maps system codes case-insensitively and ignores non-strings', () => {
    expect(codeFromSystem('econnrefused')).toBe('connection_refused');
    expect(codeFromSystem('EWHATEVER')).toBeUndefined();
    expect(codeFromSystem(111)).toBeUndefined();
    expect(codeFromSystem(undefined)).toBeUndefined();
  });

  it('a bare code string works', () => {
    expect(explain('connection_refused').message).toBe('Connection refused by server');
  });

  it.each<[string, unknown, string]>([
    ['a plain object', { foo: 1 }, 'Unknown error: {"foo":1}'],
    ['an unknown string', 'weird', 'Unknown error: weird'],
    ['null', null, 'Unknown error: null'],
    ['undefined', undefined, 'Unknown error: undefined'],
    ['an object with an unknown code', { code: 'E_NOPE' }, 'Unknown error: {"code":"E_NOPE"}'],
    ['a number', 42, 'Unknown error: 42'],
  ])('%s falls back to "Unknown error"', (_label, input, message) => {
    expect(explain(input)).toEqual({ message, suggestion: UNKNOWN_SUGGESTION });
  });

  it('does not treat inherited object keys as codes', () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(isErrorCode(key)).toBe(false);
      expect(explain(key).message).toBe(`Unknown error: ${key}`);
    }
  });

  it('survives values JSON cannot encode', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(explain(circular)).toEqual({ message: 'Unknown error: [object Object]', suggestion: UNKNOWN_SUGGESTION });
    expect(explain(10n).message).toBe('Unknown error: 10');
  });

  it('property: never throws and always returns two non-empty strings', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withDate: true, withSparseArray: true }), (value) => {
        const { message, suggestion } = explain(value);
        expect(typeof message).toBe('string');
        expect(message.length).toBeGreaterThan(0);
        expect(typeof suggestion).toBe('string');
        expect(suggestion.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('explain: values neither JSON nor String() can render', () => {
  // explain() takes anything: a null-prototype object holding a BigInt or a cycle defeats both JSON.stringify
  // and String(), and must still be explained rather than throw.
  it('explains a null-prototype object holding a BigInt', () => {
    const value = Object.assign(Object.create(null) as Record<string, unknown>, { id: 1n });
    expect(explain(value).suggestion).toBe(UNKNOWN_SUGGESTION);
  });

  it('explains a circular null-prototype object', () => {
    const value = Object.create(null) as Record<string, unknown>;
    value.self = value;
    expect(explain(value).suggestion).toBe(UNKNOWN_SUGGESTION);
  });
});

describe('explain: details', () => {
  it('shows the HTTP status of a rejected upgrade', () => {
    const error = new ConnectionError('handshake_rejected', 'rejected', { status: 401 });
    const { message } = explain(error);
    expect(message).toContain('HTTP 401');
    expect(message.startsWith('The server rejected the WebSocket upgrade')).toBe(true);
  });

  it('shows the close code and reason', () => {
    const closed = new ConnectionError('connection_closed', 'Connection closed with code 1011: oops', {
      closeCode: 1011,
      closeReason: 'oops',
    });
    expect(explain(closed)).toEqual({
      message: 'Connection closed unexpectedly: Connection closed with code 1011: oops',
      suggestion: explain('connection_closed').suggestion,
    });
    // a message that does not give the code: the code is added
    expect(explain(new ConnectionError('connection_closed', 'Page hidden', { closeCode: 4001 })).message).toBe(
      'Connection closed unexpectedly: Page hidden (close code 4001)',
    );
  });

  it('shows the server message of an RpcError', () => {
    expect(explain(new RpcError(10001, 'bad instrument')).message).toBe(
      'The server answered with an error: bad instrument (code 10001)',
    );
  });

  it("keeps what the error's own message adds: a venue's reason, the stream or method that failed", () => {
    // a venue adapter puts the reason from `data` in the message (Deribit: amount not a multiple of the contract size)
    const rpc = new RpcError(
      -32602,
      'Invalid params',
      { reason: 'must be a multiple of 10', param: 'amount' },
      'private/buy',
    );
    rpc.message = `${rpc.message}: amount must be a multiple of 10`;
    expect(explain(rpc).message).toBe(
      'The server answered with an error: private/buy failed: Invalid params (code -32602): amount must be a multiple of 10',
    );
    // a refused upgrade whose message names the stream (Binance) keeps it; the status is in it already
    const refused = new ConnectionError(
      'handshake_rejected',
      'Binance refused the URL of btcusdt@nosuchstream (HTTP 400): an unknown stream, or too many',
      { status: 400 },
    );
    expect(explain(refused).message).toBe(
      'The server rejected the WebSocket upgrade: Binance refused the URL of btcusdt@nosuchstream (HTTP 400): an unknown stream, or too many',
    );
    // a message that begins with the table's words is not said twice
    const tls = new ConnectionError(
      'tls_mismatch',
      'The server does not speak TLS on this port (write EPROTO wrong version number); use ws://',
    );
    expect(explain(tls).message).toBe(
      'TLS handshake failed: the server does not speak TLS on this port (write EPROTO wrong version number); use ws://',
    );
    expect(
      explain(
        new ConnectionError('handshake_rejected', 'Server rejected the WebSocket upgrade with HTTP 403', {
          status: 403,
        }),
      ).message,
    ).toBe('Server rejected the WebSocket upgrade with HTTP 403');
  });

  it('a TypeError\'s suggestion reads its whole fix, "e.g." and URLs included', () => {
    expect(
      explain(new TypeError('Invalid URL format: "x" is not a URL; use e.g. wss://example.com/ws')).suggestion,
    ).toBe('Use e.g. wss://example.com/ws');
    expect(
      explain(new RangeError('options.timeout is 0; use a finite number > 0 (default 5000). More text')).suggestion,
    ).toBe('Use a finite number > 0 (default 5000)');
  });
});

describe('error classes', () => {
  const cause = new Error('root cause');
  const instances: ReadonlyArray<[string, ZenError, ErrorCode]> = [
    ['ZenError', new ZenError('closed', 'm', { cause }), 'closed'],
    ['ConnectionError', new ConnectionError('connection_refused', 'm', { cause }), 'connection_refused'],
    ['ProtocolError', new ProtocolError('invalid_frame', 'm', { cause }), 'invalid_frame'],
    ['AuthError', new AuthError('unauthorized', 'm', { cause }), 'unauthorized'],
    ['RequestError', new RequestError('request_timeout', 'm', { sent: true, cause }), 'request_timeout'],
    ['RetriesExhaustedError', new RetriesExhaustedError(3, cause), 'max_reconnection_attempts'],
    ['AbortError', new AbortError('aborted', 'm', { cause }), 'aborted'],
  ];

  it.each(instances)('%s: instanceof ZenError and Error, stable name, code and cause', (name, error, code) => {
    expect(error).toBeInstanceOf(ZenError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.cause).toBe(cause);
    expect(String(error).startsWith(`${name}: `)).toBe(true);
    expect(typeof error.stack).toBe('string');
  });

  it('NotConnectedError and RpcError are ZenErrors with stable names', () => {
    const notConnected = new NotConnectedError('reconnecting');
    expect(notConnected).toBeInstanceOf(ZenError);
    expect(notConnected).toBeInstanceOf(Error);
    expect(notConnected.name).toBe('NotConnectedError');
    expect(notConnected.code).toBe('not_connected');
    expect(notConnected.state).toBe('reconnecting');
    expect(notConnected.sent).toBe(false);
    expect(notConnected.message).toContain('reconnecting');

    const rpc = new RpcError(1, 'm');
    expect(rpc).toBeInstanceOf(ZenError);
    expect(rpc).toBeInstanceOf(Error);
    expect(rpc.name).toBe('RpcError');
    expect(rpc.code).toBe('rpc_error');
  });

  it('keeps a falsy cause, and has no cause when none was given', () => {
    expect(new ZenError('closed', 'm', { cause: 0 }).cause).toBe(0);
    expect('cause' in new ZenError('closed', 'm', { cause: undefined })).toBe(true);
    expect('cause' in new ZenError('closed', 'm')).toBe(false);
    expect('cause' in new ConnectionError('timeout', 'm', { closeCode: 1006 })).toBe(false);
  });

  it('ConnectionError keeps closeCode, closeReason and status', () => {
    const error = new ConnectionError('connection_closed', 'm', { closeCode: 1006, closeReason: 'gone', status: 502 });
    expect(error.closeCode).toBe(1006);
    expect(error.closeReason).toBe('gone');
    expect(error.status).toBe(502);
    const bare = new ConnectionError('timeout', 'm');
    expect(bare.closeCode).toBeUndefined();
    expect(bare.closeReason).toBeUndefined();
    expect(bare.status).toBeUndefined();
  });

  it('RpcError keeps rpcCode, rpcMessage, data and method', () => {
    const data = { reason: 'invalid_params', param: 'amount' };
    const error = new RpcError(-32602, 'Invalid params', data, 'private/buy');
    expect(error.rpcCode).toBe(-32602);
    expect(error.rpcMessage).toBe('Invalid params');
    expect(error.data).toBe(data);
    expect(error.method).toBe('private/buy');
    expect(error.message).toBe('private/buy failed: Invalid params (code -32602)');
    const anonymous = new RpcError(7, 'nope');
    expect(anonymous.method).toBeUndefined();
    expect(anonymous.data).toBeUndefined();
    expect(anonymous.message).toBe('nope (code 7)');
  });

  it("RequestError: sent → outcome 'unknown', not sent → 'not_sent'", () => {
    const sent = new RequestError('disconnected', 'm', { sent: true, id: 42 });
    expect(sent.sent).toBe(true);
    expect(sent.outcome).toBe('unknown');
    expect(sent.id).toBe(42);
    const notSent = new RequestError('duplicate_request_id', 'm', { sent: false });
    expect(notSent.sent).toBe(false);
    expect(notSent.outcome).toBe('not_sent');
    expect(notSent.id).toBeUndefined();
  });

  it('RetriesExhaustedError: code, retries, cause and message', () => {
    const last = new ConnectionError('connection_refused', 'ECONNREFUSED');
    const error = new RetriesExhaustedError(5, last);
    expect(error.code).toBe('max_reconnection_attempts');
    expect(error.retries).toBe(5);
    expect(error.cause).toBe(last);
    expect(error.message).toBe('Gave up after 5 retries; last error: ECONNREFUSED');
    expect(new RetriesExhaustedError(1, 'not an error').message).toBe('Gave up after 1 retry');
    expect(explain(error).message).toBe(
      'Gave up reconnecting after the configured number of attempts: Gave up after 5 retries; last error: ECONNREFUSED',
    );
  });
});

describe('explain: never less informative than the message (issue 12)', () => {
  it('an Error we have no entry for keeps its name and message', () => {
    const { message, suggestion } = explain(new Error('disk full on /var'));
    expect(message).toBe('Error: disk full on /var');
    expect(message).not.toContain('Unknown error');
    expect(suggestion).not.toBe(UNKNOWN_SUGGESTION);
  });

  it('a TypeError from an option check explains itself, with the fix from its own message', async () => {
    const { resolveOptions } = await import('../src/options.js');
    const factory = () => ({}) as never;
    let thrown: unknown;
    try {
      resolveOptions('ws://x.test', { retrycount: 3, socketFactory: factory } as never);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    const explained = explain(thrown);
    expect(explained.message).toBe((thrown as Error).message);
    expect(explained.suggestion).toBe('Use "retryCount" (check the spelling of the option)');
    let range: unknown;
    try {
      resolveOptions('ws://x.test', { timeout: -1, socketFactory: factory } as never);
    } catch (e) {
      range = e;
    }
    expect(range).toBeInstanceOf(RangeError);
    expect(explain(range).message).toBe((range as Error).message);
    expect(explain(range).suggestion).toBe('Use a finite number > 0 (default 5000)');
  });

  it('a bad URL says what is wrong and how to write one', () => {
    const { message, suggestion } = explain(new TypeError('Invalid URL format: "http://x" must use ws:// or wss://'));
    expect(message).toContain('http://x');
    expect(suggestion).toContain('ws://');
  });

  it('wss:// against a plain-TCP port is a TLS mismatch, not a bare connection failure', () => {
    const raw = Object.assign(new Error('C0B7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'), {
      code: 'EPROTO',
    });
    const { message, suggestion } = explain(raw);
    expect(message.startsWith('TLS handshake failed: the server does not speak TLS on this port')).toBe(true);
    expect(message).toContain('wrong version number');
    expect(suggestion).toContain('ws://');
    expect(isErrorCode('tls_mismatch')).toBe(true);
  });
});

describe('an ESM/CJS-safe brand (issue 12, packaging)', () => {
  it('instanceof and isZenError work across two copies of the module (as the ESM and CJS builds are)', async () => {
    // @ts-expect-error: a query string makes Vite load a second, separate instance of the module
    const copy = (await import('../src/errors.ts?copy')) as typeof import('../src/errors.js');
    expect(copy.AuthError).not.toBe(AuthError); // really a second copy of every class
    const foreign = new copy.AuthError('unauthorized', 'bad key');
    expect(foreign instanceof AuthError).toBe(true);
    expect(foreign instanceof ZenError).toBe(true);
    expect(foreign instanceof Error).toBe(true);
    expect(foreign instanceof ConnectionError).toBe(false);
    expect(new copy.RequestError('disconnected', 'm', { sent: true }) instanceof RequestError).toBe(true);
    expect(new copy.RequestError('disconnected', 'm', { sent: true }) instanceof AuthError).toBe(false);
    expect(new AuthError('unauthorized', 'x') instanceof copy.AuthError).toBe(true);
    expect(isZenError(foreign)).toBe(true);
    expect(copy.isZenError(new RpcError(1, 'm'))).toBe(true);
    expect(isZenError(new Error('plain'))).toBe(false);
    expect(isZenError({ code: 'closed', message: 'lookalike' })).toBe(false);
    expect(isZenError(null)).toBe(false);
  });
});

describe('request errors carry sent and outcome (issue 13)', () => {
  it('NotConnectedError says not_sent; RpcError says the server rejected it', () => {
    const notConnected = new NotConnectedError('reconnecting');
    expect(notConnected.sent).toBe(false);
    expect(notConnected.outcome).toBe('not_sent');
    const rpc = new RpcError(-32602, 'Invalid params', { reason: 'must be a multiple of 10' });
    expect(rpc.sent).toBe(true);
    expect(rpc.outcome).toBe('rejected');
    expect(rpc.code).toBe('rpc_error');
    expect(rpc.rpcCode).toBe(-32602);
  });
});
