#!/usr/bin/env node
// The zen-websocket command line: record a live session to JSONL, replay it (printed or served to a client),
// and summarise it. Plain ESM over the built packages; see docs/recording.md.
import { parseArgs } from 'node:util';
import { metadata, replay } from '@zen-websocket/recorder';
import { fileSink, fromFile } from '@zen-websocket/recorder/fs';
import { connect, explain } from 'zen-websocket';

const HELP = `Usage:
  zen-websocket record <url> [--subscribe <channel>]... [--send <text>]... [--out <file>]
                       [--duration <seconds>] [--header "<name>: <value>"]... [--heartbeat <type>]
                       [--redact <key>]... [--no-redact]
  zen-websocket replay <file> [--pace asap|realtime|<factor>] [--serve [--port <n>] [--wait-for-requests]]
  zen-websocket meta <file>

record   connects to <url>, subscribes (JSON-RPC public/subscribe) and sends the given messages, and writes
         every frame in and out to <file> (default session-<time>.jsonl) until Ctrl-C or --duration.
         Secrets (client_secret, signature, access_token, refresh_token, apiKey) are redacted unless
         --no-redact; --redact adds keys. A progress line goes to stderr.
replay   prints each entry (time, direction, type, data) at the chosen pace (default asap); with --serve,
         serves the recording's inbound frames to clients instead (needs @zen-websocket/testing).
meta     prints {count, inbound, outbound, firstTs, lastTs, durationMs, skipped} as JSON.`;

const OPTIONS = {
  subscribe: { type: 'string', multiple: true, default: [] },
  send: { type: 'string', multiple: true, default: [] },
  out: { type: 'string' },
  duration: { type: 'string' },
  header: { type: 'string', multiple: true, default: [] },
  heartbeat: { type: 'string' },
  redact: { type: 'string', multiple: true, default: [] },
  'no-redact': { type: 'boolean', default: false },
  pace: { type: 'string', default: 'asap' },
  serve: { type: 'boolean', default: false },
  port: { type: 'string', default: '0' },
  'wait-for-requests': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

class UsageError extends Error {}

async function main(argv) {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command, target, ...extra] = positionals;
  if (values.help || command === undefined) return console.log(HELP);
  if (target === undefined || extra.length > 0) throw new UsageError(`${command}: expected exactly one argument`);
  if (command === 'record') return record(target, values);
  if (command === 'replay') return values.serve ? serve(target, values) : print(target, values);
  if (command === 'meta') return meta(target);
  throw new UsageError(`unknown command "${command}"`);
}

/** Records `url` until Ctrl-C, SIGTERM, --duration, or the connection gives up. */
async function record(url, values) {
  const out = values.out ?? `session-${new Date().toISOString().replace(/[-:]|\.\d+/g, '')}.jsonl`;
  const duration = values.duration === undefined ? undefined : number(values.duration, '--duration');
  const redact = values['no-redact'] ? false : values.redact;
  const file = fileSink(out, { redact });
  const counts = { in: 0, out: 0 };
  const sink = {
    record(entry) {
      counts[entry.dir]++;
      file.record(entry);
    },
    flush: () => file.flush(),
    close: () => file.close(),
  };
  const options = { recordTo: sink, retryCount: Number.POSITIVE_INFINITY, headers: headers(values.header) };
  if (values.heartbeat) options.heartbeat = values.heartbeat === 'disabled' ? 'disabled' : { type: values.heartbeat };
  let client;
  try {
    client = await connect(url, options);
  } catch (error) {
    await file.close().catch(() => {});
    throw error;
  }
  const started = Date.now();
  const tty = process.stderr.isTTY;
  const progress = () => {
    const seconds = Math.round((Date.now() - started) / 1000);
    const kb = (file.stats().bytes / 1024).toFixed(1);
    const line = `recording ${out}: ${counts.in} in, ${counts.out} out, ${kb} KB written, ${seconds} s`;
    process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
  };
  const ticker = setInterval(progress, 1000);
  client.on('error', (error) => process.stderr.write(`${tty ? '\n' : ''}error: ${explain(error).message}\n`));
  const stopped = new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    client.on('state', (change) => change.to === 'disconnected' && resolve());
    if (duration !== undefined) setTimeout(resolve, duration * 1000).unref();
  });
  for (const text of values.send) await client.sendMessage(text);
  if (values.subscribe.length > 0) {
    client.subscribe(values.subscribe).catch((error) => {
      process.stderr.write(`${tty ? '\n' : ''}subscribe failed: ${explain(error).message}\n`);
    });
  }
  await stopped;
  clearInterval(ticker);
  await client.close();
  progress();
  if (tty) process.stderr.write('\n');
  console.log(`recorded ${counts.in + counts.out} frames (${counts.in} in, ${counts.out} out) to ${out}`);
}

/** Prints each entry of `file` at the chosen pace. */
async function print(file, values) {
  const { replayed, skipped } = await replay(
    fromFile(file),
    (entry) => {
      const data =
        typeof entry.data === 'string'
          ? entry.type === 'close'
            ? `${entry.code ?? ''} ${entry.data}`
            : entry.data
          : `<${entry.data.length} bytes>`;
      console.log(`${new Date(entry.ts).toISOString()}  ${entry.dir.padEnd(3)}  ${entry.type.padEnd(6)}  ${data}`);
    },
    { pace: pace(values.pace) },
  );
  process.stderr.write(`replayed ${replayed} entries, skipped ${skipped} corrupt lines\n`);
}

/** Serves `file` to clients until Ctrl-C or SIGTERM. */
async function serve(file, values) {
  let testing;
  try {
    testing = await import('@zen-websocket/testing');
  } catch {
    throw new UsageError('replay --serve needs @zen-websocket/testing: npm install --save-dev @zen-websocket/testing');
  }
  const server = await testing.startReplayServer(fromFile(file), {
    pace: pace(values.pace),
    waitForRequests: values['wait-for-requests'],
    port: number(values.port, '--port'),
  });
  console.log(`serving ${file} at ${server.url} (${server.sessions} sessions, ${server.skipped} corrupt lines)`);
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
  console.log(`served ${server.played} frames to ${server.connectionCount} connections`);
}

async function meta(file) {
  const m = await metadata(fromFile(file));
  const iso = (ts) => (ts === undefined ? null : new Date(ts).toISOString());
  console.log(JSON.stringify({ ...m, firstTs: iso(m.firstTs), lastTs: iso(m.lastTs) }));
}

function pace(value) {
  return value === 'asap' || value === 'realtime' ? value : number(value, '--pace');
}

function number(value, name) {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${name} must be a number, got "${value}"`);
  return n;
}

function headers(list) {
  return list.map((header) => {
    const at = header.indexOf(':');
    if (at < 1) throw new UsageError(`--header must look like "Name: value", got "${header}"`);
    return [header.slice(0, at).trim(), header.slice(at + 1).trim()];
  });
}

main(process.argv.slice(2)).then(
  () => {
    process.exitCode ??= 0;
  },
  (error) => {
    if (
      error instanceof UsageError ||
      error instanceof RangeError ||
      String(error?.code).startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`zen-websocket: ${error.message}\n\n${HELP}`);
      process.exitCode = 2;
      return;
    }
    if (/^E[A-Z]+$/.test(String(error?.code))) console.error(`zen-websocket: ${error.message}`);
    else {
      const { message, suggestion } = explain(error);
      console.error(`zen-websocket: ${message}\n${suggestion}`);
    }
    process.exitCode = 1;
  },
);
