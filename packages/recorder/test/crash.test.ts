// Crash safety of the file sink, with the BUILT packages in a child process: a recorder killed with SIGKILL
// mid-recording leaves a file whose every line parses; entries still buffered at a normal exit, at
// `process.exit()` or at an uncaught exception are written synchronously by the exit hook.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMockServer } from '@zen-websocket/testing';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildOnce } from '../../sdk/test/build.js';
import { parseEntry } from '../src/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;
let server: MockServer | undefined;
let child: ChildProcess | undefined;

beforeAll(() => buildOnce(), 120_000);
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zen-recorder-crash-'));
});
afterEach(async () => {
  child?.kill('SIGKILL');
  await server?.stop();
  child = server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Runs ESM `code` in a fresh Node from the repository root (so package names resolve to the built output). */
const runNode = (code: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, ...env },
  });

const readLines = (file: string) => {
  const text = readFileSync(file, 'utf8');
  return { text, lines: text.split('\n').filter(Boolean) };
};

describe('file sink crash safety (built package, child process)', () => {
  it('a recorder killed with SIGKILL mid-recording leaves a readable file', async () => {
    let n = 0;
    server = await startMockServer();
    const pump = setInterval(() => server?.injectMessage({ method: 'subscription', params: { n: n++ } }), 2);
    const file = path.join(dir, 'session.jsonl');
    const code = `
      import { connect } from 'zen-websocket';
      await connect(process.env.URL, { recordTo: process.env.FILE, heartbeat: 'disabled' });
      console.log('READY');
      setInterval(() => {}, 1000); // record until killed
    `;
    child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: root,
      env: { ...process.env, URL: server.url, FILE: file },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child?.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('READY') && resolve());
        child?.once('exit', (status) => reject(new Error(`recorder exited early with ${status}`)));
      });
      await vi.waitFor(() => expect(readLines(file).lines.length).toBeGreaterThanOrEqual(300), {
        timeout: 10_000,
        interval: 20,
      });
      const exited = new Promise((resolve) => child?.once('exit', (_, signal) => resolve(signal)));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      clearInterval(pump);
    }

    const { text, lines } = readLines(file);
    expect(text.endsWith('\n')).toBe(true); // whole lines only: every batch is one write of complete lines
    const entries = lines.map((line) => parseEntry(line)); // throws on any damaged line
    expect(entries.length).toBeGreaterThanOrEqual(300);
    const ns = entries.map((e) => JSON.parse(e.data as string).params.n as number);
    expect(ns).toEqual(ns.map((_, i) => (ns[0] ?? 0) + i)); // in order, none missing, none repeated
  });

  const BUFFERED = `
    import { fileSink } from '@zen-websocket/recorder/fs';
    const sink = fileSink(process.env.FILE, { flushInterval: 60000 });
    for (let i = 0; i < 99; i++) sink.record({ ts: Date.now(), dir: 'in', type: 'text', data: 'm' + i });
  `;

  it.each([
    ['the process ends by itself', ''],
    ['process.exit() is called', 'process.exit(0);'],
    ['an uncaught exception ends it', "throw new Error('boom');"],
  ])('99 buffered entries are written when %s', (_, ending) => {
    const file = path.join(dir, 'session.jsonl');
    const result = runNode(`${BUFFERED}\n${ending}`, { FILE: file });
    expect(result.status, result.stderr).toBe(ending.includes('throw') ? 1 : 0);
    const { lines } = readLines(file);
    expect(lines.map((line) => parseEntry(line).data)).toEqual(Array.from({ length: 99 }, (_, i) => `m${i}`));
  });

  it('a closed sink leaves no exit hook and no timer behind (the process exits by itself)', () => {
    const file = path.join(dir, 'session.jsonl');
    const result = runNode(
      `const before = process.listenerCount('exit');
      ${BUFFERED}
      const during = process.listenerCount('exit');
      await sink.close();
      console.log(during - before, process.listenerCount('exit') - before);`,
      { FILE: file },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('1 0');
    expect(readLines(file).lines).toHaveLength(99);
  });
});
