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
    const detail = detailOf(error) ?? ownMessage(error, message);
    return { message: detail ? `${message}: ${detail}` : message, suggestion };
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

/** An error's own message when it adds to the table's text (a ZenError's specific wording, a raw OS message). */
function ownMessage(error: unknown, tableText: string): string | undefined {
  const m = (error as { message?: unknown } | null)?.message;
  if (typeof m !== 'string' || m === '' || m === tableText) return undefined;
  return m;
}

/** A fix read out of an option check's own message ("did you mean …", "use …", "must be …"). */
function suggestionFrom(message: string): string {
  const mean = /did you mean [`"']([^`"']+)[`"']/i.exec(message);
  if (mean) return `Use "${mean[1]}" (check the spelling of the option)`;
  const use = /;\s*(use [^.]+|raise [^.]+|lower [^.]+|pass [^.]+)/i.exec(message);
  if (use?.[1]) return `${use[1][0]?.toUpperCase()}${use[1].slice(1)}`;
  const must = /(options\.[\w.]+|[\w.]+) must (be [^,;(]+)/.exec(message);
  if (must) return `Give ${must[1]} a value that is ${must[2]?.replace(/^be /, '').trim()}`;
  if (/URL/.test(message)) return 'Use a ws:// or wss:// URL, e.g. wss://example.com/ws';
  return 'A programming error: fix the call or option the message names';
}

function detailOf(error: unknown): string | undefined {
  if (error instanceof ConnectionError && (error.status !== undefined || error.closeCode !== undefined)) {
    if (error.status !== undefined) return `HTTP ${error.status}`;
    if (error.closeCode !== undefined)
      return `close code ${error.closeCode}${error.closeReason ? ` (${error.closeReason})` : ''}`;
  }
  if (error instanceof RpcError) return `${error.rpcMessage} (code ${error.rpcCode})`;
  return undefined;
}
