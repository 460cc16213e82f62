// The BUILT file sink under Node, Deno and Bun (both ship as npm packages with their binaries): each runtime
// writes a recording and reads it back, and its exit hook writes what is still buffered when the process ends.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildOnce } from '../../sdk/test/build.js';
import { parseEntry } from '../src/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const SCRIPT = 'packages/recorder/test/fixtures/runtime-sink.mjs';
const RUNTIMES = [
  { name: 'node', command: process.execPath, args: [SCRIPT] },
  {
    name: 'deno',
    command: `${root}/node_modules/.bin/deno`,
    args: ['run', '--node-modules-dir=manual', '--allow-read', '--allow-write', '--allow-env', SCRIPT],
  },
  { name: 'bun', command: `${root}/node_modules/.bin/bun`, args: [SCRIPT] },
];

let dir: string;
beforeAll(() => buildOnce(), 120_000);
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zen-recorder-runtime-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(runtime: (typeof RUNTIMES)[number], mode: string, file: string): unknown {
  const result = spawnSync(runtime.command, [...runtime.args, mode, file], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  expect(result.status, `${runtime.name}: ${result.stderr}`).toBe(0);
  const line = result.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  expect(line, result.stdout).toBeDefined();
  return JSON.parse(line?.slice('RESULT '.length) ?? 'null');
}

describe.each(RUNTIMES)('file sink under $name', (runtime) => {
  it('writes text, binary and close, redacted, and reads them back', () => {
    const file = path.join(dir, 'session.jsonl');
    const result = run(runtime, 'roundtrip', file) as { entries: unknown[]; meta: Record<string, unknown> };
    const ts = 1_768_923_045_123;
    expect(result.entries).toEqual([
      { ts, dir: 'out', type: 'text', data: '{"id":1,"params":{"client_secret":"[REDACTED]"}}' },
      { ts: ts + 1, dir: 'in', type: 'binary', data: [0, 1, 254, 255] },
      { ts: ts + 2, dir: 'in', type: 'close', data: 'bye', code: 4001 },
    ]);
    expect(result.meta).toMatchObject({ count: 3, inbound: 2, outbound: 1, durationMs: 2, skipped: 0 });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('s3cr3t');
    expect(JSON.parse(text.split('\n')[1] ?? '')).toEqual({
      ts: '2026-01-20T15:30:45.124Z',
      dir: 'in',
      type: 'binary',
      data: 'AAH+/w==',
      binary: true,
    });
  });

  it('writes buffered entries when the process ends', () => {
    const file = path.join(dir, 'session.jsonl');
    expect(run(runtime, 'exit', file)).toBe('buffered');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines.map((line) => parseEntry(line).data)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });
});
