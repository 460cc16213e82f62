// The `zen-websocket` command line (packages/sdk/bin, over the BUILT packages), spawned against the mock
// server on 127.0.0.1: record → meta → replay (printed and served to a real client), and usage errors.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMockServer } from '@zen-websocket/testing';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Client, connect } from 'zen-websocket';
import { buildOnce } from '../../sdk/test/build.js';
import { parseEntry } from '../src/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = path.join(root, 'packages/sdk/bin/zen-websocket.mjs');
let dir: string;
let server: MockServer | undefined;
let child: ChildProcess | undefined;
let client: Client | undefined;

beforeAll(() => buildOnce(), 120_000);
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

/** Runs the CLI to completion. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: root, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Starts the CLI and resolves once its stdout or stderr has matched `ready`. */
function start(ready: RegExp, ...args: string[]): Promise<{ proc: ChildProcess; output: () => string }> {
  const proc = spawn(process.execPath, [CLI, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve({ proc, output: () => output });
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`CLI exited with ${code} before ${ready}: ${output}`)));
  });
}

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

describe('zen-websocket CLI', () => {
  it('record → meta → replay: records until --duration, with a progress line, redacted', async () => {
    server = await exchange();
    const file = path.join(dir, 'session.jsonl');
    const recorded = await cli(
      'record',
      server.url,
      '--subscribe',
      'ticker',
      '--send',
      '{"params":{"client_secret":"cli-secret"}}',
      '--out',
      file,
      '--duration',
      '1.2',
    );
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stderr).toMatch(/recording .*session\.jsonl: \d+ in, \d+ out/);
    expect(recorded.stdout).toMatch(/recorded \d+ frames \(\d+ in, \d+ out\) to .*session\.jsonl/);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('cli-secret');
    const entries = text.trim().split('\n').map(parseEntry);
    const inbound = entries.filter((e) => e.dir === 'in' && typeof e.data === 'string' && e.data.includes('ticker'));
    expect(inbound.length).toBeGreaterThanOrEqual(3);
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

  it('record stops cleanly on SIGINT and leaves a complete file', async () => {
    server = await exchange();
    const file = path.join(dir, 'session.jsonl');
    const { proc, output } = await start(/recording /, 'record', server.url, '--subscribe', 'ticker', '--out', file);
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output()).toMatch(/recorded \d+ frames/);
    const entries = readFileSync(file, 'utf8').trim().split('\n').map(parseEntry);
    expect(entries.at(-1)).toMatchObject({ type: 'close', code: 1000 });
  });

  it('replay --serve plays the recording to a real client until SIGTERM', async () => {
    const file = path.join(dir, 'session.jsonl');
    const { fileSink } = await import('../src/fs.js');
    const sink = fileSink(file);
    sink.record({ ts: 1, dir: 'in', type: 'text', data: '{"method":"subscription","params":{"n":1}}' });
    sink.record({ ts: 2, dir: 'in', type: 'binary', data: new Uint8Array([5, 6]) });
    sink.record({ ts: 3, dir: 'in', type: 'text', data: '{"method":"subscription","params":{"n":2}}' });
    await sink.close();
    const { proc, output } = await start(/serving .* at ws:\/\/127\.0\.0\.1:\d+\/ws/, 'replay', file, '--serve');
    const url = /at (ws:\/\/\S+)/.exec(output())?.[1] ?? '';
    expect(output()).toContain('(1 sessions, 0 corrupt lines)');
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
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('served 3 frames to 1 connections');
  });

  it('explains mistakes: usage errors exit 2, a missing file exits 1', async () => {
    const usage = await cli('record');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/record: expected exactly one argument[\s\S]*Usage:/);
    const unknown = await cli('meta', 'x', '--bogus');
    expect(unknown.code).toBe(2);
    const pace = await cli('replay', 'x', '--pace', 'fast');
    expect(pace.code).toBe(2);
    const missing = await cli('meta', path.join(dir, 'nope.jsonl'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/ENOENT/);
    const help = await cli('--help');
    expect(help.stdout).toMatch(/^Usage:/);
  });
});
