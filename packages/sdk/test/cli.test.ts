// The `zen-websocket` command (src/cli, BUILT to dist/cli.js and started through bin/zen-websocket.mjs), spawned
// against mock servers on 127.0.0.1 and a closed port: exit codes, the reasons on stderr, --help/--version/
// --debug, progress lines, and what ends up in the file (redacted; no close lines from attempts that failed).
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEntry } from '@zen-websocket/recorder';
import { fileSink } from '@zen-websocket/recorder/fs';
import { type MockServer, startMockServer } from '@zen-websocket/testing';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Client, connect } from 'zen-websocket';
import { buildOnce } from './build.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = path.join(root, 'packages/sdk/bin/zen-websocket.mjs');
const VERSION = JSON.parse(readFileSync(path.join(root, 'packages/sdk/package.json'), 'utf8')).version as string;
let dir: string;
let server: MockServer | undefined;
let child: ChildProcess | undefined;
let client: Client | undefined;

beforeAll(() => {
  buildOnce();
  if (existsSync(path.join(root, 'packages/sdk/dist/cli.js'))) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent'], {
    cwd: root,
    stdio: 'inherit',
  });
}, 600_000);
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zen-cli-'));
});
afterEach(async () => {
  await client?.close();
  child?.kill('SIGKILL');
  await server?.stop();
  client = child = server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/**
 * How long one CLI process may take (it is killed after it). A test that starts several gets this long for each:
 * under load a start alone takes 3 s, so 8 in a row passed the 15 s default (1 of 4 loaded runs).
 */
const PER_PROCESS = 20_000;

/** Runs the CLI to completion (a hang fails the test through the timeout). */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = execFile(process.execPath, [CLI, ...args], { cwd: dir, timeout: PER_PROCESS }, (_, stdout, stderr) =>
      resolve({ code: proc.exitCode, stdout, stderr }),
    );
  });
}

/** Starts the CLI; `until(re)` resolves once its stdout + stderr matched `re`, `exit` with its exit code. */
function start(...args: string[]) {
  const proc = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let output = '';
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const until = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (re.test(output)) resolve(output);
      };
      proc.stdout?.on('data', check);
      proc.stderr?.on('data', check);
      exit.then((code) => reject(new Error(`CLI exited with ${code} before ${re}: ${output}`)));
      check();
    });
  proc.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { proc, until, exit, output: () => output };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A Deribit-style server: public/subscribe answers, then three ticker notifications. */
const exchange = () =>
  startMockServer({
    rpc: {
      'public/subscribe': (params, conn) => {
        setTimeout(() => {
          for (let n = 0; n < 3; n++) conn.send({ method: 'subscription', params: { channel: 'ticker', n } });
        }, 5);
        return (params as { channels: string[] }).channels;
      },
    },
  });

const entriesOf = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map(parseEntry);

describe('zen-websocket CLI: usage', () => {
  it('--help prints the usage and exits 0; no arguments prints it on stderr and exits 2', {
    timeout: 2 * PER_PROCESS,
  }, async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage:\n {2}zen-websocket record <url>/);
    expect(help.stdout).toContain('--version');
    const bare = await cli();
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/a command is needed[\s\S]*Usage:/);
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await cli('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(VERSION);
  });

  it('usage errors exit 2 and say what is wrong; a missing file exits 1', { timeout: 8 * PER_PROCESS }, async () => {
    const cases: [string[], RegExp][] = [
      [['record'], /record: expected exactly one argument/],
      [['meta', 'x', '--bogus'], /Unknown option '--bogus'/],
      [['replay', 'x', '--pace', 'fast'], /--pace must be a positive number, got "fast"/],
      [['record', 'ws://127.0.0.1:1', '--duration', '0'], /--duration must be a positive number/],
      [['record', 'ws://127.0.0.1:1', '--header', 'nocolon'], /--header must look like "Name: value"/],
      [['record', 'ws://127.0.0.1:1', '--heartbeat', 'sometimes'], /--heartbeat must be/],
      [['frobnicate', 'x'], /unknown command "frobnicate"/],
    ];
    for (const [args, reason] of cases) {
      const { code, stderr } = await cli(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(reason);
      expect(stderr).toContain('Usage:');
    }
    const missing = await cli('meta', path.join(dir, 'nope.jsonl'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/ENOENT/);
  });
});

describe('zen-websocket record: a URL that cannot be recorded fails at once, with the reason', () => {
  it('a closed port: exit 1, "refused" on stderr, no file (and no close lines)', async () => {
    const out = path.join(dir, 'f.jsonl');
    const { code, stderr } = await cli(
      'record',
      `ws://127.0.0.1:${await closedPort()}`,
      '--duration',
      '2',
      '--out',
      out,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot connect to ws:\/\/127\.0\.0\.1:\d+: .*refused/i);
    expect(existsSync(out)).toBe(false);
  });

  it('a refused upgrade: exit 1 with the HTTP status', async () => {
    server = await startMockServer();
    server.reject(403);
    const out = path.join(dir, 'f.jsonl');
    const { code, stderr } = await cli('record', server.url, '--out', out);
    expect(code).toBe(1);
    expect(stderr).toMatch(/HTTP 403/);
    expect(existsSync(out)).toBe(false);
  });

  it('wss:// against a plain port: exit 1 naming TLS', async () => {
    server = await startMockServer();
    const { code, stderr } = await cli('record', server.url.replace('ws://', 'wss://'), '--out', 'f.jsonl');
    expect(code).toBe(1);
    expect(stderr).toMatch(/TLS/);
  });

  it('a folder that does not exist: exit 1 before connecting', async () => {
    server = await startMockServer();
    const { code, stderr } = await cli('record', server.url, '--out', path.join(dir, 'no', 'such', 'f.jsonl'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot write .*f\.jsonl/);
    expect(server.connectionCount).toBe(0);
  });
});

describe('zen-websocket record → meta → replay', () => {
  it('records until --duration, redacted (secrets of any type), then meta and replay read it', {
    timeout: 3 * PER_PROCESS,
  }, async () => {
    server = await exchange();
    const file = path.join(dir, 'session.jsonl');
    const secret =
      '{"params":{"signature":{"r":"cli-r","s":"cli-s"},"apiKey":["cli-k"],"client\\u005fsecret":"cli-c"}}';
    const recorded = await cli(
      'record',
      server.url,
      '--subscribe',
      'ticker',
      '--send',
      secret,
      '--out',
      file,
      '--duration',
      '1',
    );
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stderr).toContain(`recording ${server.url} to ${file}`);
    expect(recorded.stderr).toMatch(/recording .*session\.jsonl: \d+ in, \d+ out, [\d.]+ KB written/);
    expect(recorded.stdout).toMatch(/recorded \d+ frames \(\d+ in, \d+ out\) to .*session\.jsonl/);
    const text = readFileSync(file, 'utf8');
    for (const value of ['cli-r', 'cli-s', 'cli-k', 'cli-c']) expect(text).not.toContain(value);
    const entries = entriesOf(file);
    expect(entries[0]).toMatchObject({ dir: 'out', type: 'text' });
    expect(JSON.parse(entries[0]?.data as string).params).toMatchObject({
      signature: '[REDACTED]',
      apiKey: '[REDACTED]',
    });
    const ticks = entries.filter((e) => e.dir === 'in' && typeof e.data === 'string' && e.data.includes('ticker'));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(entries.at(-1)).toMatchObject({ dir: 'out', type: 'close', code: 1000 });

    const meta = await cli('meta', file);
    expect(meta.code, meta.stderr).toBe(0);
    const m = JSON.parse(meta.stdout);
    expect(m).toMatchObject({ count: entries.length, skipped: 0 });
    expect(m.inbound + m.outbound).toBe(entries.length);
    expect(m.firstTs).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const replayed = await cli('replay', file, '--pace', '100');
    expect(replayed.code, replayed.stderr).toBe(0);
    const lines = replayed.stdout.trim().split('\n');
    expect(lines).toHaveLength(entries.length);
    expect(lines[0]).toMatch(/^\d{4}-.*Z {2}out {2}text {4}/);
    expect(lines.at(-1)).toMatch(/out {2}close {3}1000 ?$/);
    expect(replayed.stderr).toContain(`replayed ${entries.length} entries, skipped 0 corrupt lines`);
  });

  it('prints a progress line every --progress seconds, and stops cleanly on SIGINT', async () => {
    server = await exchange();
    const file = path.join(dir, 'session.jsonl');
    const run = start('record', server.url, '--subscribe', 'ticker', '--out', file, '--progress', '0.05');
    await run.until(/(recording .*session\.jsonl: \d+ in, \d+ out, [\d.]+ KB written, \d+ s\n[\s\S]*){2}/);
    run.proc.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.output()).toMatch(/recorded \d+ frames/);
    expect(entriesOf(file).at(-1)).toMatchObject({ type: 'close', code: 1000 });
  });

  it('--debug shows state changes; a drop is recorded once, failed reconnect attempts are not', async () => {
    server = await exchange();
    const file = path.join(dir, 'session.jsonl');
    const run = start('record', server.url, '--out', file, '--debug', '--progress', '0');
    await run.until(/recording ws:/);
    expect(run.output()).toMatch(/debug: connecting to ws:\/\/127\.0\.0\.1/);
    server.reject(503);
    await server.drop(); // the client sees 1006, reconnects, and is refused until reject(null)
    await run.until(/debug: state connected → reconnecting/);
    await run.until(/reconnecting in \d+ ms \(attempt 2\)/); // attempt 1 was refused
    server.reject(null);
    await run.until(/debug: state reconnecting → connected/);
    run.proc.kill('SIGINT');
    expect(await run.exit).toBe(0);
    const closes = entriesOf(file).filter((e) => e.type === 'close');
    expect(closes).toEqual([
      expect.objectContaining({ dir: 'in', code: 1006 }),
      expect.objectContaining({ dir: 'out', code: 1000 }),
    ]);
  });

  it('replay --serve plays a recording to a real client until SIGTERM', async () => {
    const file = path.join(dir, 'session.jsonl');
    const sink = fileSink(file);
    sink.record({ ts: 1, dir: 'in', type: 'text', data: '{"method":"subscription","params":{"n":1}}' });
    sink.record({ ts: 2, dir: 'in', type: 'binary', data: new Uint8Array([5, 6]) });
    sink.record({ ts: 3, dir: 'in', type: 'text', data: '{"method":"subscription","params":{"n":2}}' });
    await sink.close();
    const run = start('replay', file, '--serve');
    const output = await run.until(/serving .* at ws:\/\/127\.0\.0\.1:\d+\/ws/);
    const url = /at (ws:\/\/\S+)/.exec(output)?.[1] ?? '';
    expect(output).toContain('(1 sessions, 0 corrupt lines)');
    const seen: unknown[] = [];
    client = await connect(url, {
      heartbeat: 'disabled',
      handler: (m) => seen.push(m.type === 'binary' ? [...m.data] : m.type === 'message' ? m.data : m.type),
    });
    await vi.waitFor(() =>
      expect(seen).toEqual([
        { method: 'subscription', params: { n: 1 } },
        [5, 6],
        { method: 'subscription', params: { n: 2 } },
      ]),
    );
    await client.close();
    client = undefined;
    run.proc.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain('served 3 frames to 1 connections');
  });
});
