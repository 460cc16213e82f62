// The JSONL format: the original's schema (ts ISO-8601, dir, type, data, binary, close as a JSON string),
// redaction, and the parser's error cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatter, parseEntry, type RecordEntry, redactor, SECRET_KEYS } from '../src/index.js';

const TS = Date.UTC(2026, 0, 20, 15, 30, 45, 123);
const format = formatter();

describe('formatter', () => {
  it('writes text as {ts, dir, type, data} with an ISO-8601 UTC timestamp', () => {
    const line = format({ ts: TS, dir: 'in', type: 'text', data: '{"a":1}' });
    expect(JSON.parse(line)).toEqual({ ts: '2026-01-20T15:30:45.123Z', dir: 'in', type: 'text', data: '{"a":1}' });
    expect(line).not.toContain('\n');
  });

  it('writes binary as base64 with binary: true', () => {
    const line = format({ ts: TS, dir: 'out', type: 'binary', data: new Uint8Array([0, 1, 254, 255]) });
    expect(JSON.parse(line)).toEqual({
      ts: '2026-01-20T15:30:45.123Z',
      dir: 'out',
      type: 'binary',
      data: 'AAH+/w==',
      binary: true,
    });
  });

  it('writes a close as the JSON string {"code":N,"reason":"…"}', () => {
    const line = format({ ts: TS, dir: 'in', type: 'close', data: 'bye "now"', code: 4001 });
    const parsed = JSON.parse(line);
    expect(parsed.data).toBe('{"code":4001,"reason":"bye \\"now\\""}');
    expect(JSON.parse(parsed.data)).toEqual({ code: 4001, reason: 'bye "now"' });
  });

  it('encodes large binary frames (no argument-count overflow)', () => {
    const data = new Uint8Array(200_000).map((_, i) => i % 256);
    const back = parseEntry(format({ ts: TS, dir: 'in', type: 'binary', data }));
    expect(back.data instanceof Uint8Array && Buffer.from(back.data).equals(data)).toBe(true);
  });
});

describe('parseEntry', () => {
  it('reads lines written by the original (µs timestamps, any key order)', () => {
    const text = '{"data":"hi","type":"text","dir":"out","ts":"2026-01-20T15:30:45.123456Z"}';
    expect(parseEntry(text)).toEqual({ ts: TS, dir: 'out', type: 'text', data: 'hi' });
    const close =
      '{"ts":"2026-01-20T15:30:45Z","dir":"in","type":"close","data":"{\\"code\\":1001,\\"reason\\":\\"away\\"}"}';
    expect(parseEntry(close)).toEqual({ ts: TS - 123, dir: 'in', type: 'close', data: 'away', code: 1001 });
    const binary = '{"ts":"2026-01-20T15:30:45.123456Z","dir":"in","type":"binary","data":"AQID","binary":true}';
    expect(parseEntry(binary).data).toEqual(new Uint8Array([1, 2, 3]));
  });

  it.each([
    ['not JSON', '{"ts":'],
    ['a bad timestamp', '{"ts":"yesterday","dir":"in","type":"text","data":"x"}'],
    ['a missing timestamp', '{"dir":"in","type":"text","data":"x"}'],
    ['an invalid direction', '{"ts":"2026-01-20T15:30:45Z","dir":"up","type":"text","data":"x"}'],
    ['an invalid type (ping)', '{"ts":"2026-01-20T15:30:45Z","dir":"in","type":"ping","data":"x"}'],
    ['non-string data', '{"ts":"2026-01-20T15:30:45Z","dir":"in","type":"text","data":1}'],
    ['a JSON array', '[1,2]'],
    ['null', 'null'],
  ])('rejects %s with a SyntaxError', (_, line) => {
    expect(() => parseEntry(line)).toThrow(SyntaxError);
  });

  it('keeps data that does not decode as written (invalid base64, a close that is not JSON)', () => {
    expect(parseEntry('{"ts":"2026-01-20T15:30:45Z","dir":"in","type":"binary","data":"%%%"}').data).toBe('%%%');
    expect(parseEntry('{"ts":"2026-01-20T15:30:45Z","dir":"in","type":"close","data":"gone"}')).toMatchObject({
      data: 'gone',
    });
  });

  it('round-trips any text, bytes and close (property)', () => {
    const entry = fc.oneof(
      fc.record({ type: fc.constant('text' as const), data: fc.string({ unit: 'grapheme' }) }),
      fc.record({ type: fc.constant('binary' as const), data: fc.uint8Array({ maxLength: 64 }) }),
      fc.record({ type: fc.constant('close' as const), data: fc.string(), code: fc.integer({ min: 1000, max: 4999 }) }),
    );
    const plain = formatter({ redact: false });
    fc.assert(
      fc.property(
        entry,
        fc.constantFrom('in' as const, 'out' as const),
        fc.integer({ min: 0, max: 4e12 }),
        (e, dir, ts) => {
          const original = { ...e, dir, ts } as RecordEntry;
          expect(parseEntry(plain(original))).toEqual(original);
        },
      ),
    );
  });
});

describe('redaction', () => {
  const redact = redactor();

  it('replaces the values of every default secret key, in and out, at any depth', () => {
    for (const key of SECRET_KEYS) {
      const text = `{"id":1,"params":{"${key}":"s3cr3t","other":"keep"}}`;
      expect(redact(text)).toBe(`{"id":1,"params":{"${key}":"[REDACTED]","other":"keep"}}`);
    }
    const auth = '{"jsonrpc":"2.0","id":9,"result":{"access_token":"a.b.c","refresh_token":"r","expires_in":900}}';
    expect(JSON.parse(redact(auth)).result).toEqual({
      access_token: '[REDACTED]',
      refresh_token: '[REDACTED]',
      expires_in: 900,
    });
  });

  it('handles escaped quotes, spacing, numbers and null, and leaves everything else byte for byte', () => {
    expect(redact('{ "signature" : "a\\"b" , "n":12345678901234567890}')).toBe(
      '{ "signature" : "[REDACTED]" , "n":12345678901234567890}',
    );
    expect(redact('{"apiKey":12345,"x":[1]}')).toBe('{"apiKey":"[REDACTED]","x":[1]}');
    expect(redact('{"apiKey":null}')).toBe('{"apiKey":"[REDACTED]"}');
    expect(redact('not json, signature=abc')).toBe('not json, signature=[REDACTED]'); // the textual fallback
  });

  it('does not touch keys that merely contain a secret name', () => {
    expect(redact('{"my_signature_count":3,"apiKeyId":"k"}')).toBe('{"my_signature_count":3,"apiKeyId":"k"}');
  });

  it('adds user keys (regex characters included) and can be turned off explicitly', () => {
    const custom = redactor(['password', 'x.y']);
    expect(custom('{"password":"p","x.y":"q","xzy":"r","signature":"s"}')).toBe(
      '{"password":"[REDACTED]","x.y":"[REDACTED]","xzy":"r","signature":"[REDACTED]"}',
    );
    const off = formatter({ redact: false });
    expect(JSON.parse(off({ ts: 0, dir: 'out', type: 'text', data: '{"signature":"s"}' })).data).toBe(
      '{"signature":"s"}',
    );
  });

  it('is applied by every formatter before a line exists', () => {
    const line = format({ ts: 0, dir: 'out', type: 'text', data: '{"params":{"client_secret":"xyz"}}' });
    expect(line).not.toContain('xyz');
  });
});
