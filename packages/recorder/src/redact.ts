/**
 * Redaction before a line exists. JSON text is parsed (a validating scanner that keeps positions), so a
 * secret key is recognised however it is spelt — any case or separator, JSON escapes decoded — at any
 * depth, and its whole value is replaced, whatever its type. Only those values change: every other byte of
 * the message stays as it was (numbers beyond 2^53, key order, spacing). A string value that itself holds
 * JSON (`"{\"apiKey\":…}"`) is redacted inside too. Text that is not JSON gets the textual fallback of
 * {@link redactText}. The list of secret keys is core's one list (`SECRET_KEYS`).
 */
import { canonicalKey, SECRET_KEYS, secretKeyMatcher } from './secrets.js';

/** What a secret value becomes. */
export const REDACTED = '[REDACTED]';
const REDACTED_JSON = `"${REDACTED}"`;

/** A JSON string token: no raw control characters, only valid escapes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw control characters in strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;
const SPACE = /[ \t\n\r]*/y;
/** Deeper JSON goes to the textual fallback instead of the call stack. */
const MAX_DEPTH = 256;
/** How many times JSON inside a JSON string is opened up. */
const MAX_NESTING = 4;

type IsSecret = (key: string) => boolean;
type Span = [start: number, end: number, text: string];

/** The text is not JSON. */
class NotJson extends Error {}
/** The text is JSON cut short: it ends where a value, a key or a bracket should follow. */
class Truncated extends Error {}

/** What may still become a number, a literal or a string once more text follows. */
const NUMBER_PREFIX = /-?[0-9]*(?:\.[0-9]*)?(?:[eE][+-]?[0-9]*)?$/y;
const LITERAL_PREFIX = /(?:t(?:r(?:ue?)?)?|f(?:a(?:l(?:se?)?)?)?|n(?:u(?:ll?)?)?)$/y;
const OPEN_STRING = /"(?:[^"\\]|\\[\s\S])*\\?$/y;

/**
 * A validating scan of one JSON text, collecting the spans to replace. Throws `NotJson` where the text is not
 * JSON, and `Truncated` where it ends too soon (the spans found so far, including a secret value that runs
 * to the end, are then kept in `spans`).
 */
class Scanner {
  i = 0;
  readonly spans: Span[] = [];
  constructor(
    readonly s: string,
    readonly isSecret: IsSecret,
    readonly nesting: number,
  ) {}

  document(): Span[] {
    this.value(0);
    this.space();
    if (this.i !== this.s.length) throw new NotJson();
    return this.spans;
  }

  space(): void {
    SPACE.lastIndex = this.i;
    SPACE.test(this.s);
    this.i = SPACE.lastIndex;
  }

  /** Matches a sticky pattern at the cursor and moves past it; at a valid prefix cut short, `Truncated`. */
  token(re: RegExp, prefix: RegExp): number {
    re.lastIndex = this.i;
    if (!re.test(this.s)) {
      prefix.lastIndex = this.i;
      throw prefix.test(this.s) ? new Truncated() : new NotJson();
    }
    const start = this.i;
    this.i = re.lastIndex;
    return start;
  }

  /** The character code at the cursor (after spaces); `Truncated` at the end of the text. */
  peek(): number {
    this.space();
    if (this.i >= this.s.length) throw new Truncated();
    return this.s.charCodeAt(this.i);
  }

  value(depth: number): void {
    if (depth > MAX_DEPTH) throw new NotJson();
    const c = this.peek();
    if (c === 123 /* { */) return this.object(depth);
    if (c === 91 /* [ */) return this.array(depth);
    if (c === 34 /* " */) return this.string();
    if (c === 116 || c === 102 || c === 110 /* t f n */) this.token(LITERAL, LITERAL_PREFIX);
    else this.token(NUMBER, NUMBER_PREFIX);
  }

  object(depth: number): void {
    this.i++;
    if (this.peek() === 125 /* } */) {
      this.i++;
      return;
    }
    for (;;) {
      this.peek();
      const keyStart = this.token(STRING, OPEN_STRING);
      const key = this.s.slice(keyStart, this.i);
      const secret = this.isSecret(key.includes('\\') ? (JSON.parse(key) as string) : key.slice(1, -1));
      if (this.peek() !== 58 /* : */) throw new NotJson();
      this.i++;
      this.peek();
      const start = this.i;
      const spans = this.spans.length;
      try {
        this.value(depth + 1);
      } catch (error) {
        // a secret cut short: everything from its start to the end of the text is the secret
        if (secret && error instanceof Truncated)
          this.spans.splice(spans, Infinity, [start, this.s.length, REDACTED_JSON]);
        throw error;
      }
      if (secret) this.spans.splice(spans, Infinity, [start, this.i, REDACTED_JSON]);
      if (this.next(125 /* } */)) return;
    }
  }

  array(depth: number): void {
    this.i++;
    if (this.peek() === 93 /* ] */) {
      this.i++;
      return;
    }
    for (;;) {
      this.value(depth + 1);
      if (this.next(93 /* ] */)) return;
    }
  }

  /** After a member: `,` (false: another follows) or the closing bracket (true). */
  next(close: number): boolean {
    const c = this.peek();
    this.i++;
    if (c === close) return true;
    if (c !== 44 /* , */) throw new NotJson();
    return false;
  }

  /**
   * A string value. One that holds JSON is redacted inside and re-encoded (only if that changed it); one cut
   * short by the end of the text is redacted as far as it goes.
   */
  string(): void {
    const start = this.i;
    let end: number;
    try {
      this.token(STRING, OPEN_STRING);
      end = this.i;
    } catch (error) {
      if (error instanceof Truncated) this.nested(start, this.s.length, true);
      throw error;
    }
    this.nested(start, end, false);
  }

  /** Redacts the JSON held in the string token `start..end` (open at the end of the text when `open`). */
  nested(start: number, end: number, open: boolean): void {
    if (this.nesting >= MAX_NESTING) return;
    let k = start + 1;
    while (k < end && /[ \t\n\r]/.test(this.s.charAt(k))) k++;
    const c = this.s.charCodeAt(k);
    if (c !== 123 && c !== 91 && c !== 92 /* { [ or an escape */) return;
    const inner = open ? decodeOpen(this.s.slice(start)) : (JSON.parse(this.s.slice(start, end)) as string);
    const first = inner?.trimStart().charCodeAt(0);
    if (inner === undefined || (first !== 123 && first !== 91)) return;
    const spans = jsonSpans(inner, this.isSecret, this.nesting + 1);
    if (!spans || spans.length === 0) return;
    const encoded = JSON.stringify(splice(inner, spans));
    this.spans.push([start, end, open ? encoded.slice(0, -1) : encoded]);
  }
}

/** The text of a string token cut short (a trailing partial escape dropped), or `undefined`. */
function decodeOpen(token: string): string | undefined {
  for (let cut = 0; cut <= 6 && cut < token.length; cut++) {
    try {
      return JSON.parse(`${token.slice(0, token.length - cut)}"`) as string;
    } catch {
      // a partial escape at the end: drop one more character
    }
  }
  return undefined;
}

/**
 * The spans to replace in `text` if it is JSON, or JSON cut short (then a secret value that reaches the end
 * runs to the end); `undefined` if it is not JSON.
 */
function jsonSpans(text: string, isSecret: IsSecret, nesting = 0): Span[] | undefined {
  const scanner = new Scanner(text, isSecret, nesting);
  try {
    return scanner.document();
  } catch (error) {
    if (error instanceof Truncated) return scanner.spans;
    if (error instanceof NotJson || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** `text` with each span replaced (spans in order, none overlapping: a secret's inner spans are dropped). */
function splice(text: string, spans: readonly Span[]): string {
  let out = '';
  let at = 0;
  for (const [start, end, replacement] of spans) {
    out += text.slice(at, start) + replacement;
    at = end;
  }
  return out + text.slice(at);
}

// ── the textual fallback ─────────────────────────────────────────────────────────────────────────────

/**
 * Candidate keys in text that is not JSON: a quoted string (escapes allowed, possibly cut off by the end of
 * the text) or a word of letters and digits joined by `-`, `_` or `.`.
 */
const CANDIDATE = /"(?:[^"\\]|\\[\s\S])*(?:"|\\?$)|'(?:[^'\\]|\\[\s\S])*(?:'|\\?$)|[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*/g;
/**
 * What may separate a key from its value: `:` or `=` with any spacing (after the key's closing quote, maybe
 * escaped, when the word was found inside quotes: `\"apiKey\":…`), or spaces alone.
 */
const SEPARATOR = /(?:\\*["'])?\s*([:=])\s*|[ \t]+(?=\S)/y;
/** A quote written with escapes (`\"`, `\\\"`), as JSON inside a JSON string has them. */
const ESCAPED_QUOTE = /\\+["']/y;
const DOUBLE_QUOTED = /"(?:[^"\\]|\\[\s\S])*(?:"|\\?$)/y;
const SINGLE_QUOTED = /'(?:[^'\\]|\\[\s\S])*(?:'|\\?$)/y;
/** Where a bare value ends: after a quoted key and `:` (JSON-like), after a word and `:` (a header line), otherwise. */
const BARE_END = { json: /[\s,}\]]/g, header: /[\n\r,;&]/g, word: /[\s,;&}\])]/g } as const;

/** The decoded text of a quoted candidate, or the word itself. */
function candidateKey(token: string): string {
  const quote = token.charAt(0);
  if (quote !== '"' && quote !== "'") return token;
  const body = token.length > 1 && token.endsWith(quote) ? token.slice(1, -1) : token.slice(1);
  try {
    return JSON.parse(`"${body.replace(/\\'/g, "'")}"`) as string;
  } catch {
    return body.replace(/\\([^A-Za-z0-9])/g, '$1').replace(/\\./g, ' '); // `\k` is no letter (see secretSighting)
  }
}

/** Where the match of sticky `re` at `start` ends. */
function matchEnd(re: RegExp, text: string, start: number): number {
  re.lastIndex = start;
  return re.test(text) ? re.lastIndex : start;
}

/**
 * Where the value at `start` ends: a quoted string; a `{…}`/`[…]` group (brackets balanced outside
 * strings, or to the end of the text when unbalanced); otherwise a bare run up to {@link BARE_END}.
 */
function valueEnd(text: string, start: number, kind: keyof typeof BARE_END): number {
  const c = text.charAt(start);
  if (c === '"') return matchEnd(DOUBLE_QUOTED, text, start);
  if (c === "'") return matchEnd(SINGLE_QUOTED, text, start);
  if (c === '{' || c === '[') return groupEnd(text, start);
  ESCAPED_QUOTE.lastIndex = start;
  const quote = ESCAPED_QUOTE.exec(text)?.[0];
  if (quote) {
    const close = text.indexOf(quote, start + quote.length);
    return close < 0 ? text.length : close + quote.length;
  }
  const stop = BARE_END[kind];
  stop.lastIndex = start;
  return stop.exec(text)?.index ?? text.length;
}

/** The end of the bracketed group at `start`, skipping quoted strings; the end of the text if unbalanced. */
function groupEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') i = matchEnd(DOUBLE_QUOTED, text, i) - 1;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
  }
  return text.length;
}

/**
 * The conservative fallback for text that is not JSON (truncated JSON, query strings, header lines, log
 * text). Every quoted string or word that names a secret key (same matching as for JSON) and is followed by
 * a value — after `:`, `=` or spaces — has that value replaced: a quoted string, a bracketed group (to the
 * end of the text if it is not closed), after an unquoted key and `:` the rest of the line up to `,` `;` `&`
 * (header style: `Authorization: Bearer …`), otherwise the run of characters up to a space or delimiter. A secret key at the very end of the text has no value to hide. Everything else is kept.
 *
 * @example
 * redactText('GET /?apiKey=k1&symbol=BTCUSDT', isSecretKey); // 'GET /?apiKey=[REDACTED]&symbol=BTCUSDT'
 */
export function redactText(text: string, isSecret: IsSecret): string {
  const spans: Span[] = [];
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
    const token = m[0];
    const quoted = token.charAt(0) === '"' || token.charAt(0) === "'";
    if (!isSecret(candidateKey(token))) {
      // look inside strings that are not keys: "note: apiKey=k" must not hide a secret
      if (quoted) CANDIDATE.lastIndex = m.index + 1;
      continue;
    }
    SEPARATOR.lastIndex = CANDIDATE.lastIndex;
    const sep = SEPARATOR.exec(text);
    if (!sep) continue;
    const start = SEPARATOR.lastIndex;
    if (start >= text.length) continue;
    const json = quoted && sep[1] === ':';
    const end = valueEnd(text, start, json ? 'json' : sep[1] === ':' ? 'header' : 'word');
    if (end === start) continue;
    const quote = text.charAt(start);
    spans.push([start, end, quote === '"' || quote === "'" ? `${quote}${REDACTED}${quote}` : REDACTED]);
    CANDIDATE.lastIndex = end;
  }
  return spans.length > 0 ? splice(text, spans) : text;
}

// ── the redactor ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A quick test, true for every text in which some key could name a secret — in JSON or not — so the full
 * scan runs only for those (most frames name none). A key is secret when its ASCII letters and digits end
 * with a name's, so the text must hold the name's letters in order, with nothing but other characters or
 * escapes other than `\uXXXX` between them (a `\u` escape can spell a letter: such text is always scanned).
 */
function secretSighting(keys: readonly string[]): (text: string) => boolean {
  const gap = '(?:[^A-Za-z0-9\\\\]|\\\\[^u])*';
  const names = [...new Set([...SECRET_KEYS, ...keys].map(canonicalKey))].filter((name) => name !== '');
  const sighting = new RegExp(names.map((name) => [...name].join(gap)).join('|'), 'i');
  return (text) => text.includes('\\u') || sighting.test(text);
}

/**
 * A function that redacts one text frame: the values of secret keys ({@link SECRET_KEYS} plus `keys`,
 * matched without case or separators, JSON escapes decoded) become `"[REDACTED]"`, at any depth and
 * whatever their type, leaving every other byte as it was. Text that is not JSON gets {@link redactText}.
 * `false` gives a function that changes nothing.
 *
 * @example
 * redactor(['password'])('{"password":"x","a":1}'); // '{"password":"[REDACTED]","a":1}'
 * redactor()('{"signature":{"r":"0x1","s":"0x2"},"n":1}'); // '{"signature":"[REDACTED]","n":1}'
 */
export function redactor(keys: readonly string[] | false = []): (text: string) => string {
  if (keys === false) return (text) => text;
  const isSecret = secretKeyMatcher(keys);
  const mayHoldSecret = secretSighting(keys);
  return (text) => {
    if (!mayHoldSecret(text)) return text;
    const spans = jsonSpans(text, isSecret);
    if (spans === undefined) return redactText(text, isSecret);
    return spans.length > 0 ? splice(text, spans) : text;
  };
}

const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });
const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * Redacts a binary frame that carries JSON as UTF-8 (some venues send JSON in binary frames); other bytes
 * (compressed or binary protocols) are returned as they are.
 *
 * @example
 * bytesRedactor()(new TextEncoder().encode('{"apiKey":"k"}')); // the bytes of '{"apiKey":"[REDACTED]"}'
 */
export function bytesRedactor(keys: readonly string[] | false = []): (data: Uint8Array) => Uint8Array {
  if (keys === false) return (data) => data;
  const isSecret = secretKeyMatcher(keys);
  const mayHoldSecret = secretSighting(keys);
  return (data) => {
    let k = 0;
    while (k < data.length && (data[k] === 32 || data[k] === 9 || data[k] === 10 || data[k] === 13)) k++;
    if (data[k] !== 123 && data[k] !== 91) return data;
    let text: string;
    try {
      text = decoder.decode(data);
    } catch {
      return data;
    }
    const spans = mayHoldSecret(text) ? jsonSpans(text, isSecret) : undefined;
    return spans && spans.length > 0 ? encoder.encode(splice(text, spans)) : data;
  };
}
