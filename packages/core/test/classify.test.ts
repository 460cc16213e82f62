import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, type Decision } from '../src/classify.js';
import {
  AbortError,
  AuthError,
  ConnectionError,
  ERROR_CODES,
  type ErrorCode,
  NotConnectedError,
  ProtocolError,
  RequestError,
  RetriesExhaustedError,
  RpcError,
  ZenError,
} from '../src/errors.js';

const RETRY_CODES: readonly ErrorCode[] = [
  'connection_refused',
  'timeout',
  'dns_failed',
  'tls_failed',
  'host_unreachable',
  'network_unreachable',
  'connection_error',
  'connection_failed',
  'heartbeat_timeout',
];

const closed = (closeCode?: number): ConnectionError =>
  new ConnectionError('connection_closed', 'closed', closeCode === undefined ? {} : { closeCode });
const rejected = (status?: number): ConnectionError =>
  new ConnectionError('handshake_rejected', 'rejected', status === undefined ? {} : { status });

describe('classify', () => {
  it.each(RETRY_CODES)('%s → retry (as ConnectionError and as plain ZenError)', (code) => {
    expect(classify(new ConnectionError(code, 'x'))).toBe('retry');
    expect(classify(new ZenError(code, 'x'))).toBe('retry');
  });

  it.each<[number, Decision]>([
    [1000, 'retry'],
    [1001, 'retry'],
    [1005, 'retry'],
    [1006, 'retry'],
    [1011, 'retry'],
    [1012, 'retry'],
    [4000, 'retry'],
    [4999, 'retry'],
    [1008, 'backoff'],
    [1013, 'backoff'],
    [1014, 'backoff'],
    [1002, 'fatal'],
    [1003, 'fatal'],
    [1007, 'fatal'],
    [1009, 'fatal'],
    [1010, 'fatal'],
  ])('connection_closed with close code %i → %s', (closeCode, decision) => {
    expect(classify(closed(closeCode))).toBe(decision);
  });

  it('connection_closed without a close code → retry', () => {
    expect(classify(closed())).toBe('retry');
  });

  it.each<[number, Decision]>([
    [400, 'fatal'],
    [401, 'fatal'],
    [403, 'fatal'],
    [404, 'fatal'],
    [405, 'fatal'],
    [410, 'fatal'],
    [426, 'fatal'],
    [429, 'backoff'],
    [500, 'backoff'],
    [502, 'backoff'],
    [503, 'backoff'],
    [302, 'retry'],
  ])('handshake_rejected with HTTP %i → %s', (status, decision) => {
    expect(classify(rejected(status))).toBe(decision);
  });

  it('handshake_rejected without a status → retry', () => {
    expect(classify(rejected())).toBe('retry');
  });

  it('a close code on a retry-class error does not change its decision', () => {
    expect(classify(new ConnectionError('connection_failed', 'x', { closeCode: 1002 }))).toBe('retry');
    expect(classify(new ConnectionError('timeout', 'x', { status: 401 }))).toBe('retry');
  });

  it.each<[string, ZenError]>([
    ['ProtocolError invalid_frame', new ProtocolError('invalid_frame', 'x')],
    ['ProtocolError frame_too_large', new ProtocolError('frame_too_large', 'x')],
    ['ProtocolError bad_frame', new ProtocolError('bad_frame', 'x')],
    ['AuthError unauthorized', new AuthError('unauthorized', 'x')],
    ['AuthError invalid_credentials', new AuthError('invalid_credentials', 'x')],
    ['AuthError token_expired', new AuthError('token_expired', 'x')],
    ['RetriesExhaustedError', new RetriesExhaustedError(3, new Error('last'))],
    ['NotConnectedError', new NotConnectedError('connecting')],
    ['RequestError request_timeout', new RequestError('request_timeout', 'x', { sent: true })],
    ['RpcError', new RpcError(-32000, 'x')],
    ['AbortError', new AbortError('aborted', 'x')],
    ['ZenError closed', new ZenError('closed', 'x')],
    ['ZenError handler_error', new ZenError('handler_error', 'x')],
  ])('%s → fatal', (_label, error) => {
    expect(classify(error)).toBe('fatal');
  });

  it.each(ERROR_CODES.filter((c) => !RETRY_CODES.includes(c)))('any other code (%s) on a ZenError → fatal', (code) => {
    expect(classify(new ZenError(code, 'x'))).toBe('fatal');
  });

  it('property: close codes in 4000–4999 always retry', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4000, max: 4999 }), (code) => {
        expect(classify(closed(code))).toBe('retry');
      }),
    );
  });

  it('property: every 5xx status backs off', () => {
    fc.assert(
      fc.property(fc.integer({ min: 500, max: 599 }), (status) => {
        expect(classify(rejected(status))).toBe('backoff');
      }),
    );
  });

  it('property: always one of retry / backoff / fatal', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ERROR_CODES),
        fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }),
        (code, closeCode, status) => {
          const details: { closeCode?: number; status?: number } = {};
          if (closeCode !== undefined) details.closeCode = closeCode;
          if (status !== undefined) details.status = status;
          expect(['retry', 'backoff', 'fatal']).toContain(classify(new ConnectionError(code, 'x', details)));
        },
      ),
    );
  });
});
