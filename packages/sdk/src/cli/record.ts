/**
 * `zen-websocket record <url>`: connect, record every frame to a JSONL file, stop on Ctrl-C, SIGTERM or
 * `--duration`. The first connection must open — otherwise the command fails at once with the reason and
 * writes no file; after that, drops reconnect with backoff and the recording goes on.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { ownedEntry } from '@zen-websocket/recorder';
import { type FileSink, fileSink } from '@zen-websocket/recorder/fs';
import { type Client, type ConnectOptions, connect, explain, type RecordEntry, type RecordSink } from 'zen-websocket';
import { headerPairs, numberOption, UsageError, type Values } from './args.js';
import type { Output } from './output.js';

/**
 * The sink the command records to. Entries wait in memory until the first connection has opened (then the
 * file is created), so a URL that cannot be reached leaves no file behind. The close entry of an attempt that
 * never opened is dropped: only connections that existed are in the recording.
 */
class RecordingFile implements RecordSink {
  /** Whether a connection is open (set by the client's onConnect/onDisconnect hooks). */
  live = false;
  readonly counts = { in: 0, out: 0 };
  #pending: RecordEntry[] = [];
  #file: FileSink | undefined;

  record(entry: RecordEntry): void {
    if (entry.type === 'close' && entry.dir === 'in' && !this.live) return;
    this.counts[entry.dir]++;
    if (this.#file) this.#file.record(entry);
    else this.#pending.push(ownedEntry(entry));
  }

  /** Creates the file (truncating it) and writes what waited. */
  open(out: string, redact: readonly string[] | false): void {
    this.#file = fileSink(out, { redact });
    for (const entry of this.#pending.splice(0)) this.#file.record(entry);
  }

  bytes(): number {
    return this.#file?.stats().bytes ?? 0;
  }

  flush(): Promise<void> | undefined {
    return this.#file?.flush();
  }

  close(): Promise<void> | undefined {
    return this.#file?.close();
  }
}

/** `--out`, or `session-<UTC time>.jsonl`; its folder must exist and be writable. */
function outFile(values: Values): string {
  const out = values.out ?? `session-${new Date().toISOString().replace(/[-:]|\.\d+/g, '')}.jsonl`;
  try {
    accessSync(path.dirname(path.resolve(out)), constants.W_OK);
  } catch (error) {
    throw Object.assign(new Error(`cannot write ${out}: ${(error as Error).message}`), { code: 'ENOENT' });
  }
  return out;
}

/** The client options the command line asks for. */
function clientOptions(values: Values, sink: RecordingFile, out: Output): ConnectOptions {
  let opened = false;
  const options: ConnectOptions = {
    recordTo: sink,
    headers: headerPairs(values.header),
    retryCount: Number.POSITIVE_INFINITY,
    // Before the first connection every failure is final (a wrong URL must not retry forever); after it, the
    // usual decision: reconnect with backoff.
    classify: (_error, decision) => (opened ? decision : 'fatal'),
    onConnect: () => {
      opened = true;
      sink.live = true;
    },
    onDisconnect: () => {
      sink.live = false;
    },
  };
  if (values.timeout !== undefined)
    options.timeout = numberOption(values.timeout, '--timeout', { positive: true }) * 1000;
  if (values.heartbeat !== undefined) {
    const type = values.heartbeat;
    if (!['ping_pong', 'deribit', 'binance', 'disabled'].includes(type)) {
      throw new UsageError(`--heartbeat must be ping_pong, deribit, binance or disabled, got "${type}"`);
    }
    // `deribit`: the Deribit probe as a custom message (core's `connect` knows no venue)
    options.heartbeat =
      type === 'disabled'
        ? 'disabled'
        : type === 'deribit'
          ? { type: 'custom', message: { jsonrpc: '2.0', method: 'public/test', params: {} } }
          : { type: type as 'ping_pong' | 'binance' };
  }
  if (values.debug) options.debug = (line) => out.debug(line);
  return options;
}

/** Why the first connection failed (with a hint for the usual TLS mistake when the explanation has none). */
function connectFailure(url: string, error: unknown): Error {
  const { message, suggestion } = explain(error);
  const tls = /EPROTO|wrong version number|SSL/i.test(message) && !/TLS/.test(message);
  const hint =
    tls && url.startsWith('wss:') ? 'TLS handshake failed: is the server plain ws:// on this port?' : suggestion;
  return Object.assign(new Error(`cannot connect to ${url}: ${message}\n${hint}`), { code: 'connect_failed' });
}

/**
 * Records `url` until Ctrl-C, SIGTERM, `--duration`, or a failure (the connection given up, the file not
 * writable): then rejects with the reason, the file complete up to that point.
 *
 * @example
 * await record('wss://test.deribit.com/ws/api/v2', args.values, output);
 */
export async function record(url: string, values: Values, out: Output): Promise<void> {
  const duration =
    values.duration === undefined ? undefined : numberOption(values.duration, '--duration', { positive: true });
  const every = numberOption(values.progress, '--progress');
  const file = outFile(values);
  const sink = new RecordingFile();
  const options = clientOptions(values, sink, out);
  let client: Client;
  try {
    out.debug(`connecting to ${url}`);
    client = await connect(url, options);
  } catch (error) {
    throw connectFailure(url, error);
  }
  const started = Date.now();
  sink.open(file, values['no-redact'] ? false : values.redact);
  out.status(`recording ${url} to ${file} (Ctrl-C to stop)`);
  const progress = () => {
    const seconds = Math.round((Date.now() - started) / 1000);
    const kb = (sink.bytes() / 1024).toFixed(1);
    out.progress(`recording ${file}: ${sink.counts.in} in, ${sink.counts.out} out, ${kb} KB written, ${seconds} s`);
  };
  const ticker = every > 0 ? setInterval(progress, every * 1000) : undefined;
  const result = await untilStopped(client, duration, out, async () => {
    for (const text of values.send) await client.sendMessage(text);
    if (values.subscribe.length > 0) {
      client
        .subscribe(values.subscribe)
        .catch((error: unknown) => out.error(`subscribe failed: ${explain(error).message}`));
    }
  });
  clearInterval(ticker);
  await client.close();
  progress();
  out.done(
    `recorded ${sink.counts.in + sink.counts.out} frames (${sink.counts.in} in, ${sink.counts.out} out) to ${file}`,
  );
  if (result instanceof Error) throw result;
}

/**
 * Runs `start`, then waits for the end: a signal or the duration (resolves `undefined`), or the client giving
 * up or the recording failing (resolves with that error). A second Ctrl-C exits at once.
 */
function untilStopped(
  client: Client,
  duration: number | undefined,
  out: Output,
  start: () => Promise<void>,
): Promise<Error | undefined> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = (result?: Error) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      resolve(result);
    };
    const onSignal = (signal: string) => {
      out.debug(`${signal}: stopping`);
      stop();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (duration !== undefined) timer = setTimeout(stop, duration * 1000);
    client.on('state', ({ from, to, reason, error }) => {
      out.debug(`state ${from} → ${to}: ${reason}`);
      if (to === 'disconnected') stop(new Error(`the connection was given up: ${explain(error ?? reason).message}`));
    });
    client.on('error', (error) => {
      out.error(explain(error).message);
      if ((error as { code?: string }).code === 'record_sink_error') stop(error as Error);
    });
    client.on('reconnect', ({ attempt, delay, error }) => {
      out.error(`connection lost (${explain(error).message}); reconnecting in ${delay} ms (attempt ${attempt})`);
    });
    start().catch((error: unknown) => stop(error instanceof Error ? error : new Error(String(error))));
  });
}
