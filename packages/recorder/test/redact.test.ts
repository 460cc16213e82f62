// Redaction that cannot leak: secrets of every value type at any depth, keys spelt any way (case, separators,
// JSON escapes), JSON inside JSON strings, JSON cut short, binary frames carrying JSON, close reasons, and the
// textual fallback for text that is not JSON. Property tests generate JSON with random secret-key spellings at
// random depths and check the written line byte for byte against a model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatter, isSecretKey, parseEntry, redactor, SECRET_KEYS, secretKeyMatcher } from '../src/index.js';

const redact = redactor();
const format = formatter();
/** Every secret value in the generated data carries this character; nothing else does. */
const MARK = '§';

describe('the cases of issue 12', () => {
  it('replaces a secret value of any type whole: objects, arrays, numbers, booleans, null', () => {
    const text = '{"params":{"signature":{"r":"0xr","s":"0xs","v":27},"apiKey":["k1","k2"],"amount":10}}';
    expect(redact(text)).toBe('{"params":{"signature":"[REDACTED]","apiKey":"[REDACTED]","amount":10}}');
    expect(redact('{"access_token":true,"refresh_token":null,"client_secret":12}')).toBe(
      '{"access_token":"[REDACTED]","refresh_token":"[REDACTED]","client_secret":"[REDACTED]"}',
    );
  });

  it('decodes JSON escapes in keys before matching', () => {
    expect(redact('{"client\\u005fsecret":"s1","\\u0061piKey":"k"}')).toBe(
      '{"client\\u005fsecret":"[REDACTED]","\\u0061piKey":"[REDACTED]"}',
    );
  });

  it('matches keys without regard to case or separators, header style included', () => {
    for (const key of ['client_secret', 'clientSecret', 'CLIENT-SECRET', 'Client.Secret', 'X-MBX-APIKEY', 'api_key']) {
      expect(redact(`{"${key}":"v","n":1}`), key).toBe(`{"${key}":"[REDACTED]","n":1}`);
    }
    expect(redact('{"apiKeyId":"k","my_signature_count":3}')).toBe('{"apiKeyId":"k","my_signature_count":3}');
  });

  it('redacts JSON carried inside a JSON string', () => {
    const inner = JSON.stringify({ method: 'session.logon', params: { apiKey: 'k', signature: 'sig' } });
    const line = redact(JSON.stringify({ payload: inner, n: 1 }));
    expect(JSON.parse(JSON.parse(line).payload)).toEqual({
      method: 'session.logon',
      params: { apiKey: '[REDACTED]', signature: '[REDACTED]' },
    });
  });

  it('redacts JSON cut short, to the end of the text when the secret is the part cut', () => {
    expect(redact('{"a":1,"signature":{"r":"0xr","s":"0x')).toBe('{"a":1,"signature":"[REDACTED]"');
    expect(redact('{"client\\u005fsecret":"abc')).toBe('{"client\\u005fsecret":"[REDACTED]"');
    expect(redact('{"a":"{\\"apiKey\\":\\"k12')).not.toContain('k12');
  });

  it('redacts JSON in binary frames and secrets in close reasons', () => {
    const bytes = new TextEncoder().encode('{"apiKey":"k-in-binary","n":1}');
    const entry = parseEntry(format({ ts: 0, dir: 'out', type: 'binary', data: bytes }));
    expect(new TextDecoder().decode(entry.data as Uint8Array)).toBe('{"apiKey":"[REDACTED]","n":1}');
    const raw = new Uint8Array([0x1f, 0x8b, 8, 0]); // not JSON: kept as it is
    expect(parseEntry(format({ ts: 0, dir: 'in', type: 'binary', data: raw })).data).toEqual(raw);
    const close = format({ ts: 0, dir: 'in', type: 'close', data: 'bad signature=abc123', code: 4001 });
    expect(close).not.toContain('abc123');
    expect(parseEntry(close)).toMatchObject({ code: 4001, data: 'bad signature=[REDACTED]' });
  });

  it('is applied by every formatter: the written line holds no secret', () => {
    const data = '{"params":{"signature":{"r":"rr","s":"ss"},"apiKey":["kk"]}}';
    const line = format({ ts: 0, dir: 'out', type: 'text', data });
    for (const secret of ['rr', 'ss', 'kk']) expect(line).not.toContain(secret);
  });
});

describe('the textual fallback (text that is not JSON)', () => {
  it.each([
    ['a query string', 'GET /api?apiKey=k1&symbol=BTC', 'GET /api?apiKey=[REDACTED]&symbol=BTC'],
    ['a header line', 'Authorization: Bearer abc.def\nHost: x', 'Authorization: [REDACTED]\nHost: x'],
    ['a header with a vendor prefix', 'X-MBX-APIKEY: k1', 'X-MBX-APIKEY: [REDACTED]'],
    ['quoted pairs', "{apiKey: 'k1', n: 2}", "{apiKey: '[REDACTED]', n: 2}"],
    ['JSON with a non-JSON value', '{"n":NaN,"signature":"s1"}', '{"n":NaN,"signature":"[REDACTED]"}'],
    ['a dotted path', 'params.apiKey=k1 ok', 'params.apiKey=[REDACTED] ok'],
    ['a word and a value', 'signature abc', 'signature [REDACTED]'],
    ['a bracketed value cut short', 'x signature={"r":"1","s', 'x signature=[REDACTED]'],
  ])('covers %s', (_, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('keeps text with no secret key, or a key with nothing after it', () => {
    for (const text of ['pong', 'invalid signature', 'apiKeyId=7&x=1', 'hello "world"'])
      expect(redact(text)).toBe(text);
  });
});

describe('the one secret-key list', () => {
  it('is core’s list, re-exported, with matching that ignores case and separators', () => {
    expect(SECRET_KEYS).toContain('client_secret');
    expect(SECRET_KEYS).toContain('apiKey');
    expect(isSecretKey('CLIENT-SECRET')).toBe(true);
    expect(isSecretKey('userApiKey')).toBe(true);
    expect(isSecretKey('apiKeyId')).toBe(false);
    expect(secretKeyMatcher(['pin'])('PIN')).toBe(true);
    expect(isSecretKey('pin')).toBe(false);
  });

  it('takes extra keys and can be turned off explicitly', () => {
    expect(redactor(['password', 'x.y'])('{"x.y":1,"X_Y":2,"xzy":3}')).toBe(
      '{"x.y":"[REDACTED]","X_Y":"[REDACTED]","xzy":3}',
    );
    expect(redactor(false)('{"signature":"s"}')).toBe('{"signature":"s"}');
  });
});

// ── property tests ───────────────────────────────────────────────────────────────────────────────────

/** JSON as written on the wire, with the choices that make the text (escapes, spacing) in the model. */
type Node =
  | { t: 'raw'; raw: string } // a number or literal, exactly as written
  | { t: 'str'; value: string }
  | { t: 'arr'; items: Node[]; ws: string }
  | { t: 'obj'; entries: Entry[]; ws: string }
  | { t: 'nested'; inner: Node }; // a string holding JSON text
interface Entry {
  key: string;
  escape: boolean[]; // which characters of the key are written as \uXXXX
  secret: boolean;
  value: Node;
}

const canonical = (s: string) => s.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
const secretNames = SECRET_KEYS.map(canonical);
/** Oracle: a key that, whatever its spelling, does not end with a secret name. */
const isPlain = (key: string) => !secretNames.some((name) => canonical(key).endsWith(name));

/** A secret key spelt at random: any case per word, any separator, maybe a prefix word. */
const secretKey = fc
  .record({
    name: fc.constantFrom(...SECRET_KEYS),
    style: fc.constantFrom('lower', 'UPPER', 'Capital', 'asIs'),
    sep: fc.constantFrom('', '_', '-', '.', ' '),
    prefix: fc.constantFrom('', 'user', 'X', 'binance'),
  })
  .map(({ name, style, sep, prefix }) => {
    const words = [...(prefix ? [prefix] : []), ...(name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [])];
    const cased = words.map((w) =>
      style === 'lower'
        ? w.toLowerCase()
        : style === 'UPPER'
          ? w.toUpperCase()
          : style === 'Capital'
            ? w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()
            : w,
    );
    return cased.join(sep);
  });

/** A key that, whatever its spelling, does not end with a secret name (an oracle independent of the code). */
const plainKey = fc.string({ maxLength: 12 }).filter((k) => !k.includes(MARK) && isPlain(k));

const number = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.constantFrom('12345678901234567890', '-0.5E-3', '1e400', '0'),
);

function nodes(secretStrings: boolean, secretValue: fc.Arbitrary<Node>) {
  const str = fc.string({ maxLength: 10 }).filter((s) => !s.includes(MARK));
  const leafString = secretStrings ? str.map((s) => `${MARK}${s}`) : str;
  return fc.letrec<{ node: Node; entry: Entry }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(number, fc.constantFrom('true', 'false', 'null')).map((raw): Node => ({ t: 'raw', raw })),
      leafString.map((value): Node => ({ t: 'str', value })),
      fc
        .record({ items: fc.array(tie('node'), { maxLength: 4 }), ws: fc.constantFrom('', ' ', '\n  ') })
        .map((r): Node => ({ t: 'arr', ...r })),
      fc
        .record({ entries: fc.array(tie('entry'), { maxLength: 4 }), ws: fc.constantFrom('', ' ', '\n  ') })
        .map((r): Node => ({ t: 'obj', ...r })),
      fc
        .record({ entries: fc.array(tie('entry'), { minLength: 1, maxLength: 3 }), ws: fc.constant('') })
        .map((r): Node => ({ t: 'nested', inner: { t: 'obj', ...r } })),
    ),
    entry: fc.oneof(
      fc.record({
        key: plainKey,
        escape: fc.array(fc.boolean(), { maxLength: 12 }),
        secret: fc.constant(false),
        value: tie('node') as fc.Arbitrary<Node>,
      }),
      fc.record({
        key: secretKey,
        escape: fc.array(fc.boolean(), { maxLength: 20 }),
        secret: fc.constant(true),
        value: secretValue,
      }),
    ),
  }));
}
/** Secret values: any JSON, every string in it marked. */
const secretValue = nodes(true, fc.constant<Node>({ t: 'raw', raw: 'null' })).node;
const document = nodes(false, secretValue).node;
/** Writes a key, escaping the chosen characters as \uXXXX. */
function writeKey(key: string, escapes: boolean[]): string {
  let out = '"';
  for (const [i, ch] of [...key].entries()) {
    const plain = JSON.stringify(ch).slice(1, -1);
    out += escapes[i] && ch.length === 1 ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : plain;
  }
  return `${out}"`;
}

function write(node: Node): string {
  switch (node.t) {
    case 'raw':
      return node.raw;
    case 'str':
      return JSON.stringify(node.value);
    case 'nested':
      return JSON.stringify(write(node.inner));
    case 'arr':
      return `[${node.ws}${node.items.map(write).join(`,${node.ws}`)}]`;
    case 'obj':
      return `{${node.ws}${node.entries.map((e) => `${writeKey(e.key, e.escape)}:${node.ws}${write(e.value)}`).join(`,${node.ws}`)}}`;
  }
}

/** The model: what redaction must produce — each secret's value replaced by the string "[REDACTED]". */
function redacted(node: Node): Node {
  switch (node.t) {
    case 'arr':
      return { ...node, items: node.items.map(redacted) };
    case 'obj':
      return {
        ...node,
        entries: node.entries.map((e) =>
          e.secret ? { ...e, value: { t: 'str', value: '[REDACTED]' } } : { ...e, value: redacted(e.value) },
        ),
      };
    case 'nested':
      return { t: 'nested', inner: redacted(node.inner) };
    default:
      return node;
  }
}

describe('redaction properties', () => {
  it('JSON with random secret spellings at random depths: exactly the model — secrets gone, all else byte for byte', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const text = write(doc);
        const out = redact(text);
        expect(out).toBe(write(redacted(doc)));
        expect(out).not.toContain(MARK);
        const line = format({ ts: 0, dir: 'in', type: 'text', data: text });
        expect(line).not.toContain(MARK);
        expect(parseEntry(line).data).toBe(out);
      }),
      { numRuns: 400 },
    );
  });

  it('the same JSON cut at any point never shows a secret character', () => {
    fc.assert(
      fc.property(document, fc.double({ min: 0, max: 1, noNaN: true }), (doc, at) => {
        const text = write(doc);
        const cut = text.slice(0, Math.floor(at * text.length));
        expect(redact(cut)).not.toContain(MARK);
      }),
      { numRuns: 400 },
    );
  });

  it('JSON in binary frames: the same model, through UTF-8', () => {
    fc.assert(
      fc.property(
        document.filter((doc) => doc.t === 'obj' || doc.t === 'arr'),
        (doc) => {
          const data = new TextEncoder().encode(write(doc));
          const entry = parseEntry(format({ ts: 0, dir: 'in', type: 'binary', data }));
          expect(new TextDecoder().decode(entry.data as Uint8Array)).toBe(write(redacted(doc)));
        },
      ),
      { numRuns: 100 },
    );
  });

  const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
  const fallbackKey = fc
    .record({ name: fc.constantFrom(...SECRET_KEYS), sep: fc.constantFrom('', '_', '-', '.'), upper: fc.boolean() })
    .map(({ name, sep, upper }) => {
      const joined = (name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? []).join(sep);
      return upper ? joined.toUpperCase() : joined;
    });
  const pair = fc.oneof(
    fc.record({ key: fallbackKey, value: word.map((w) => `${MARK}${w}`), secret: fc.constant(true) }),
    fc.record({ key: word.filter(isPlain), value: word, secret: fc.constant(false) }),
  );

  it('a secret pair inside arbitrary text that is not JSON: no secret value', () => {
    const junk = fc.string({ maxLength: 20 }).filter((s) => !s.includes(MARK));
    fc.assert(
      fc.property(
        junk.filter((s) => !/^\s*["{[0-9tfn-]/.test(s)), // text that could be JSON goes the JSON way
        fc.constantFrom(...SECRET_KEYS),
        fc.constantFrom('=', ': ', ':', ' = ', '":"', "': '", '\\":\\"', ' '),
        word,
        junk,
        (before, key, separator, value, after) => {
          expect(redact(`${before}${key}${separator}${MARK}${value}${after}`)).not.toContain(MARK);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('query strings and header lines: no secret value, every other pair kept', () => {
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 6 }), fc.boolean(), (pairs, headers) => {
        const text = headers
          ? pairs.map((p) => `${p.key}: ${p.value}`).join('\r\n')
          : `GET /v1?${pairs.map((p) => `${p.key}=${p.value}`).join('&')}`;
        const out = redact(text);
        expect(out).not.toContain(MARK);
        for (const p of pairs.filter((q) => !q.secret)) {
          expect(out).toContain(headers ? `${p.key}: ${p.value}` : `${p.key}=${p.value}`);
        }
      }),
    );
  });
});
