/**
 * The command line's words: the usage text, the option table, and the checks that turn strings into numbers
 * and headers. A mistake here is a {@link UsageError} (exit code 2).
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { SECRET_KEYS } from '@zen-websocket/recorder';

/** `text` in lines of at most `width` characters (breaking at spaces), each starting with `indent`. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].map((l) => indent + l).join('\n');
}

/** What `--help` prints, and what a usage error or a bare `zen-websocket` prints after the reason. */
export const USAGE = `Usage:
  zen-websocket record <url> [--out <file>] [--duration <seconds>] [--subscribe <channel>]... [--send <text>]...
                       [--header "<name>: <value>"]... [--heartbeat <type>] [--timeout <seconds>]
                       [--progress <seconds>] [--redact <key>]... [--no-redact] [--debug]
  zen-websocket replay <file> [--pace asap|realtime|<factor>] [--serve [--port <n>] [--wait-for-requests]]
  zen-websocket meta <file>
  zen-websocket --help | --version

record   connects to <url> and writes every frame in and out to <file> (default session-<time>.jsonl) until
         Ctrl-C, SIGTERM or --duration. The first connection must open (an unreachable URL, a refused upgrade
         or a TLS mismatch ends the command with exit code 1 and the reason, and no file is written); later
         drops reconnect with backoff, and attempts that never opened are not recorded. --subscribe sends a
         JSON-RPC public/subscribe (Deribit style); --send sends any text. --timeout bounds each connection
         attempt (default 5 s). A progress line (frames in and out, bytes written) goes to stderr every
         --progress seconds (default 5, 0 = never). Values of secret keys are redacted, in any case or
         spelling (--redact adds keys, --no-redact turns it off):
${wrap(SECRET_KEYS.join(', '), 100, '           ')}
replay   prints each entry (time, direction, type, data) at the chosen pace (default asap); with --serve,
         serves the recording's inbound frames to clients until Ctrl-C (needs @zen-websocket/testing).
meta     prints {count, inbound, outbound, firstTs, lastTs, durationMs, skipped} as JSON.
--debug  prints connection steps, state changes and errors to stderr.

Exit codes: 0 done, 1 failed (the reason is on stderr), 2 usage error.`;

const OPTIONS = {
  out: { type: 'string' },
  duration: { type: 'string' },
  subscribe: { type: 'string', multiple: true, default: [] },
  send: { type: 'string', multiple: true, default: [] },
  header: { type: 'string', multiple: true, default: [] },
  heartbeat: { type: 'string' },
  timeout: { type: 'string' },
  progress: { type: 'string', default: '5' },
  redact: { type: 'string', multiple: true, default: [] },
  'no-redact': { type: 'boolean', default: false },
  pace: { type: 'string', default: 'asap' },
  serve: { type: 'boolean', default: false },
  port: { type: 'string', default: '0' },
  'wait-for-requests': { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} satisfies ParseArgsConfig['options'];

/** The options after parsing, defaults filled in. */
export interface Values {
  out?: string;
  duration?: string;
  subscribe: string[];
  send: string[];
  header: string[];
  heartbeat?: string;
  timeout?: string;
  progress: string;
  redact: string[];
  'no-redact': boolean;
  pace: string;
  serve: boolean;
  port: string;
  'wait-for-requests': boolean;
  debug: boolean;
  help: boolean;
  version: boolean;
}

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The parsed command line. */
export interface Args {
  command: string | undefined;
  target: string | undefined;
  values: Values;
}

/**
 * Parses `argv` (without `node` and the script); unknown options and stray arguments are a {@link UsageError}.
 *
 * @example
 * parseCommandLine(['meta', 'session.jsonl']).command; // 'meta'
 */
export function parseCommandLine(argv: string[]): Args {
  let parsed: { values: unknown; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [command, target, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError(`${command}: expected one argument, got also "${extra.join(' ')}"`);
  return { command, target, values: parsed.values as Values };
}

/**
 * A non-negative number of `unit`s from an option's text, or a {@link UsageError} naming the option.
 *
 * @example
 * numberOption('2.5', '--duration'); // 2.5
 */
export function numberOption(value: string, name: string, { positive = false } = {}): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (positive && n === 0)) {
    throw new UsageError(`${name} must be a ${positive ? 'positive' : 'non-negative'} number, got "${value}"`);
  }
  return n;
}

/**
 * `--header "Name: value"` options as header pairs.
 *
 * @example
 * headerPairs(['X-Api-Key: k']); // [['X-Api-Key', 'k']]
 */
export function headerPairs(list: readonly string[]): [string, string][] {
  return list.map((header) => {
    const at = header.indexOf(':');
    if (at < 1) throw new UsageError(`--header must look like "Name: value", got "${header}"`);
    return [header.slice(0, at).trim(), header.slice(at + 1).trim()];
  });
}

/**
 * The `--pace` option: `asap`, `realtime` or a positive speed factor.
 *
 * @example
 * paceOption('10'); // 10
 */
export function paceOption(value: string): 'asap' | 'realtime' | number {
  return value === 'asap' || value === 'realtime' ? value : numberOption(value, '--pace', { positive: true });
}
