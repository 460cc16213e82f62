import { TEXTS } from './error-texts.js';
import { CODES, ConnectionError, describeValue, isErrorCode, RpcError } from './errors.js';
import { codeOfSystemError } from './system-errors.js';

/**
 * A human explanation and a suggested fix for any error: a {@link ZenError}, a Node system error
 * (`ECONNREFUSED`…), a bare code string, a `TypeError`/`RangeError` from an option check, or anything else. Never
 * less informative than the error's own message: an error we have no entry for keeps its message.
 *
 * @example
 * try { await connect(url) } catch (e) { const { message, suggestion } = explain(e); console.error(message, suggestion) }
 */
export function explain(error: unknown): { message: string; suggestion: string } {
  const e = error as { code?: unknown; message?: unknown } | null | undefined;
  const raw = typeof error === 'string' ? error : e?.code;
  const code = isErrorCode(raw) ? raw : codeOfSystemError(raw, e?.message);
  if (code) {
    const [message, suggestion] = TEXTS[CODES.indexOf(code)] as readonly [string, string];
    return { message: withDetail(message, error), suggestion };
  }
  if (error instanceof TypeError || error instanceof RangeError)
    return { message: error.message, suggestion: suggestionFrom(error.message) };
  if (error instanceof Error)
    return {
      message: `${error.name}: ${error.message}`,
      suggestion: 'Not an error zen-websocket raised; its stack and cause show where it came from',
    };
  return { message: `Unknown error: ${describeValue(error)}`, suggestion: 'Check logs for more details' };
}

/**
 * The table's text for the code, then what the error itself says: its own message (which names what failed: a
 * stream, a method, the venue's reason), with the HTTP status, close code or JSON-RPC error it carries when the
 * message does not give that number. Words the table already says are not said twice.
 */
function withDetail(text: string, error: unknown): string {
  const m = (error as { message?: unknown } | null)?.message;
  const own = typeof m === 'string' && m !== '' && m !== text ? m : undefined;
  const [extra, number] = detailOf(error) ?? [];
  const detail = own && extra && !own.includes(String(number)) ? `${own} (${extra})` : (own ?? extra);
  if (!detail) return text;
  const plain = (s: string) => s.toLowerCase().replace(/^the /, '');
  if (plain(detail).startsWith(plain(text))) return detail;
  const lead = detail.split(/ \(|: /)[0] ?? '';
  return lead && plain(text).endsWith(plain(lead)) ? text + detail.slice(lead.length) : `${text}: ${detail}`;
}

/** A fix read out of an option check's own message ("did you mean …", "use …", "must be …"). */
function suggestionFrom(message: string): string {
  const mean = /did you mean [`"']([^`"']+)[`"']/i.exec(message);
  if (mean) return `Use "${mean[1]}" (check the spelling of the option)`;
  // up to the end of the sentence: a period that ends it, not one inside "e.g." or a URL
  const use = /;\s*((?:use|raise|lower|pass) (?:e\.g\.|[^.]|\.(?=\S))+)/i.exec(message);
  if (use?.[1]) return `${use[1][0]?.toUpperCase()}${use[1].slice(1)}`;
  const must = /(options\.[\w.]+|[\w.]+) must (be [^,;(]+)/.exec(message);
  if (must) return `Give ${must[1]} a value that is ${must[2]?.replace(/^be /, '').trim()}`;
  if (/URL/.test(message)) return 'Use a ws:// or wss:// URL, e.g. wss://example.com/ws';
  return 'A programming error: fix the call or option the message names';
}

/** What an error carries besides its message: HTTP status, close code or JSON-RPC error, and that number. */
function detailOf(error: unknown): [string, number] | undefined {
  if (error instanceof ConnectionError) {
    if (error.status !== undefined) return [`HTTP ${error.status}`, error.status];
    if (error.closeCode !== undefined)
      return [`close code ${error.closeCode}${error.closeReason ? ` (${error.closeReason})` : ''}`, error.closeCode];
  }
  if (error instanceof RpcError) return [`${error.rpcMessage} (code ${error.rpcCode})`, error.rpcCode];
  return undefined;
}
